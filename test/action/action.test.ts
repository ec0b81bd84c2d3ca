// The GitHub Action as the runner runs it: the repository as a commit of it holds it (`git
// archive`, so no node_modules and no ignored build output), action.yml's `main` started with
// node, inputs in INPUT_* variables, outputs appended to the GITHUB_OUTPUT file, against the real
// registry on loopback.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { pushImage, type PushedImage } from '../support/push';
import { startRegistry, type TestRegistry } from '../support/registry';
import { sarifErrors } from '../support/sarif';
import { digestFor } from '../cli/fixtures';
import { type CliResult, ROOT, runScript } from '../cli/helpers';

const BUNDLE = 'action/main.js';

/** The files a commit of the work tree as it is now would hold (tracked and untracked, ignored ones left out), extracted into `dir`. */
function archiveWorkTree(dir: string): void {
  const index = join(mkdtempSync(join(tmpdir(), 'docker-pin-action-index-')), 'index');
  try {
    const env = { ...process.env, GIT_INDEX_FILE: index };
    execFileSync('git', ['add', '--all', '.'], { cwd: ROOT, env });
    const tree = execFileSync('git', ['write-tree'], { cwd: ROOT, env, encoding: 'utf8' }).trim();
    const tar = execFileSync('git', ['archive', '--format=tar', tree], { cwd: ROOT, maxBuffer: 512 * 1024 * 1024 });
    execFileSync('tar', ['-x', '-C', dir], { input: tar });
  } finally {
    rmSync(join(index, '..'), { recursive: true, force: true });
  }
}

interface ActionRun extends CliResult {
  readonly outputs: Record<string, string>;
}

/** GITHUB_OUTPUT as the runner reads it: `name=value` lines and `name<<DELIMITER` … `DELIMITER` blocks. */
function readOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i]);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2], i + 1);
      assert.ok(end > i, `no closing ${heredoc[2]}`);
      outputs[heredoc[1]] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (lines[i] !== '') {
      const eq = lines[i].indexOf('=');
      outputs[lines[i].slice(0, eq)] = lines[i].slice(eq + 1);
    }
  }
  return outputs;
}

describe('the GitHub Action (action.yml), run as the runner runs it', function () {
  let registry: TestRegistry;
  let app: PushedImage;
  let host: string;
  let action: string;
  let main: string;
  let workspace: string;

  before(async function () {
    this.timeout(120_000);
    action = mkdtempSync(join(tmpdir(), 'docker-pin-action-'));
    archiveWorkTree(action);
    const manifest = parse(readFileSync(join(action, 'action.yml'), 'utf8')) as { runs: { using: string; main: string } };
    assert.equal(manifest.runs.using, 'node20');
    main = join(action, manifest.runs.main);
    registry = await startRegistry({ auth: 'none' });
    host = new URL(registry.url).host;
    app = await pushImage(registry, 'acme/app', '1', { platforms: ['linux/amd64', 'linux/arm64'] });
  });
  after(async () => {
    await registry?.stop();
    if (action) rmSync(action, { recursive: true, force: true });
  });
  beforeEach(() => {
    workspace = mkdtempSync(join(tmpdir(), 'docker-pin-action-workspace-'));
    execFileSync('git', ['init', '-q', workspace]);
  });
  afterEach(() => rmSync(workspace, { recursive: true, force: true }));

  const write = (name: string, text: string) => writeFileSync(join(workspace, name), text);
  const amd64 = () => digestFor(app, 'amd64');

  /** `node <main>` in the workspace with the runner's variables; the step's inputs as `INPUT_*`. */
  async function runAction(inputs: Record<string, string>): Promise<ActionRun> {
    const outputFile = join(workspace, '..', `${workspace.split('/').pop()}-output`);
    writeFileSync(outputFile, '');
    const env: NodeJS.ProcessEnv = { GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: workspace, GITHUB_OUTPUT: outputFile };
    for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
    const r = await runScript(main, [], { cwd: workspace, env });
    const outputs = readOutputs(readFileSync(outputFile, 'utf8'));
    rmSync(outputFile, { force: true });
    return { ...r, outputs };
  }

  it('is a committed bundle: the archive holds action/main.js and no node_modules', () => {
    assert.ok(existsSync(join(action, BUNDLE)), `${BUNDLE} is not in the archive: run npm run build:action and commit it`);
    assert.equal(existsSync(join(action, 'node_modules')), false);
    assert.equal(existsSync(join(action, 'dist')), false);
  });

  it('action/main.js is what the sources build (else: run npm run build:action and commit it)', function () {
    this.timeout(60_000);
    const out = mkdtempSync(join(tmpdir(), 'docker-pin-action-build-'));
    try {
      execFileSync(process.execPath, ['esbuild.mjs', '--action', '--outdir', out], { cwd: ROOT });
      const built = readFileSync(join(out, 'main.js'));
      const committed = readFileSync(join(ROOT, BUNDLE));
      assert.ok(built.equals(committed), `${BUNDLE} differs from what the sources build: run npm run build:action and commit ${BUNDLE}`);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  describe('mode: check', () => {
    beforeEach(() => {
      write('Dockerfile', `FROM ${host}/acme/app:1\n`);
      write('compose.yaml', `services:\n  web:\n    image: ${host}/acme/app:1@${amd64()}\n`);
    });

    it('annotates the unpinned image, sets findings and fails the step (fail-on-findings true)', async () => {
      const r = await runAction({ paths: '.', mode: 'check', platform: 'linux/amd64' });
      assert.equal(r.code, 1, r.stderr);
      const image = `${host}/acme/app:1`;
      assert.deepEqual(r.stdout.trimEnd().split('\n'), [
        `::error file=Dockerfile,line=1,col=6,endColumn=${6 + image.length},title=Image not pinned to a digest::Dockerfile:1:6: unpinned ${image} (would pin ${amd64()}): docker-pin pin with this check's options writes it`,
        'docker-pin: 2 files checked, 1 finding: 1 unpinned',
      ]);
      assert.deepEqual(r.outputs, { findings: '1', 'changed-files': '' });
      assert.equal(readFileSync(join(workspace, 'Dockerfile'), 'utf8'), `FROM ${host}/acme/app:1\n`);
    });

    it('fail-on-findings false: the same findings, the step passes', async () => {
      const r = await runAction({ paths: 'Dockerfile compose.yaml', platform: 'linux/amd64', 'fail-on-findings': 'false' });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^::error file=Dockerfile,line=1,col=6,/);
      assert.equal(r.outputs.findings, '1');
    });

    it('a registry out of reach fails the step even with fail-on-findings false', async () => {
      write('Dockerfile', 'FROM 127.0.0.1:9/acme/app:1\n');
      const r = await runAction({ paths: 'Dockerfile', platform: 'linux/amd64', 'fail-on-findings': 'false' });
      assert.equal(r.code, 3, r.stdout + r.stderr);
      assert.match(r.stdout, /^::error file=Dockerfile,line=1,col=6,endColumn=\d+,title=Image could not be resolved::/);
    });

    it('format sarif writes a valid SARIF file for an upload step and names it', async () => {
      const r = await runAction({ paths: '.', platform: 'linux/amd64', format: 'sarif' });
      assert.equal(r.code, 1, r.stderr);
      assert.equal(r.stdout, '');
      assert.deepEqual(r.outputs, { findings: '1', 'changed-files': '', 'sarif-file': 'docker-pin.sarif' });
      const log = JSON.parse(readFileSync(join(workspace, 'docker-pin.sarif'), 'utf8')) as { runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
      assert.deepEqual(sarifErrors(log), []);
      assert.deepEqual(log.runs[0].results.map((result) => [result.ruleId, result.locations[0].physicalLocation.artifactLocation.uri]), [['unpinned', 'Dockerfile']]);
    });

    it('a wrong input is an error naming it', async () => {
      const r = await runAction({ mode: 'verify' });
      assert.equal(r.code, 3);
      assert.equal(r.stdout, '::error title=docker-pin::input "mode" is check or pin, not "verify"\n');
      const kind = await runAction({ 'digest-kind': 'multiarch' });
      assert.equal(kind.code, 3);
      assert.equal(kind.stdout, '::error title=docker-pin::input "digest-kind" is platform or index, not "multiarch"\n');
    });
  });

  describe('mode: pin', () => {
    it('rewrites the files and lists them in changed-files, one a line', async () => {
      write('Dockerfile', `FROM ${host}/acme/app:1\n`);
      write('compose.yaml', `services:\n  web:\n    image: ${host}/acme/app:1\n`);
      write('current.Dockerfile', `FROM ${host}/acme/app:1@${amd64()}\n`);
      const r = await runAction({ paths: 'Dockerfile\ncompose.yaml\ncurrent.Dockerfile', mode: 'pin', platform: 'linux/amd64' });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(readFileSync(join(workspace, 'Dockerfile'), 'utf8'), `FROM ${host}/acme/app:1@${amd64()}\n`);
      assert.equal(readFileSync(join(workspace, 'compose.yaml'), 'utf8'), `services:\n  web:\n    image: ${host}/acme/app:1@${amd64()}\n`);
      assert.deepEqual(r.outputs, { findings: '0', 'changed-files': 'Dockerfile\ncompose.yaml' });
      assert.match(r.stderr, /^pinned 1, updated 0, unchanged 0, failed 0 in Dockerfile$/m);
    });

    it('digest-kind decides the kind over the repository config: index pins the index digest, platform takes a config\'s index back', async () => {
      write('Dockerfile', `FROM ${host}/acme/app:1\n`);
      const index = await runAction({ mode: 'pin', platform: 'linux/amd64', 'digest-kind': 'index' });
      assert.equal(index.code, 0, index.stderr);
      assert.equal(readFileSync(join(workspace, 'Dockerfile'), 'utf8'), `FROM ${host}/acme/app:1@${app.index.digest}\n`);
      write('.docker-pin.yaml', 'digestKind: index\n');
      write('Dockerfile', `FROM ${host}/acme/app:1\n`);
      const platform = await runAction({ mode: 'pin', platform: 'linux/amd64', 'digest-kind': 'platform' });
      assert.equal(platform.code, 0, platform.stderr);
      assert.equal(readFileSync(join(workspace, 'Dockerfile'), 'utf8'), `FROM ${host}/acme/app:1@${amd64()}\n`);
    });

    it('a line it cannot pin is counted in findings and fails the step', async () => {
      write('Dockerfile', `FROM ${host}/acme/app:1\nFROM ${host}/acme/absent:1\n`);
      const r = await runAction({ mode: 'pin', platform: 'linux/amd64' });
      assert.equal(r.code, 3, r.stderr);
      assert.deepEqual(r.outputs, { findings: '1', 'changed-files': 'Dockerfile' });
      assert.equal(readFileSync(join(workspace, 'Dockerfile'), 'utf8'), `FROM ${host}/acme/app:1@${amd64()}\nFROM ${host}/acme/absent:1\n`);
    });
  });
});
