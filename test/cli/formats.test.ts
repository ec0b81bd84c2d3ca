// `check --format sarif|github` against the real registry: valid SARIF 2.1.0 with one rule per kind
// of finding and one result per finding, GitHub workflow commands line for line, and the GitHub
// format by default inside GitHub Actions.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CheckRecord } from '../../src/cli/formats/findings';
import { githubCommands, githubSummary } from '../../src/cli/formats/github';
import { sarifLog } from '../../src/cli/formats/sarif';
import { deleteManifest, pushImage, type PushedImage } from '../support/push';
import { startRegistry, type TestRegistry } from '../support/registry';
import { sarifErrors } from '../support/sarif';
import { digestFor } from './fixtures';
import { buildCli, ROOT, runCli, tempDir } from './helpers';

interface SarifLog {
  runs: {
    tool: { driver: { name: string; version: string; rules: { id: string; name: string; shortDescription: { text: string }; help: { text: string }; defaultConfiguration: { level: string } }[] } };
    invocations: { executionSuccessful: boolean; toolExecutionNotifications: { level: string; message: { text: string }; locations?: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
    originalUriBaseIds: Record<string, { uri: string }>;
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations?: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region?: { startLine: number; startColumn: number; endColumn?: number } } }[];
    }[];
  }[];
}

describe('docker-pin check --format', function () {
  let registry: TestRegistry;
  let alpine: PushedImage;
  let staleOld: PushedImage;
  let staleNow: PushedImage;
  let goneOld: PushedImage;
  let repo: string;
  let outside: string;
  let mirror: string[];

  before(async function () {
    this.timeout(120_000);
    const [started] = await Promise.all([startRegistry({ auth: 'none', deletes: true }), buildCli()]);
    registry = started;
    mirror = ['--mirror', `docker.io=${registry.url}`, '--platform', 'linux/amd64'];
    const platforms = ['linux/amd64', 'linux/arm64'];
    alpine = await pushImage(registry, 'library/alpine', '3.20', { platforms });
    staleOld = await pushImage(registry, 'acme/drift', '1', { platforms, salt: 'old' });
    staleNow = await pushImage(registry, 'acme/drift', '1', { platforms, salt: 'new' });
    goneOld = await pushImage(registry, 'acme/app', '1', { platforms, salt: 'old' });
    await pushImage(registry, 'acme/app', '1', { platforms, salt: 'new' });
    await deleteManifest(registry, 'acme/app', digestFor(goneOld, 'amd64'));
    await deleteManifest(registry, 'acme/app', goneOld.index.digest);
  });
  after(async () => registry?.stop());
  beforeEach(() => {
    repo = tempDir('formats');
    outside = tempDir('formats-outside');
    execFileSync('git', ['init', '-q', repo]);
  });
  afterEach(() => {
    rmSync(repo, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  const write = (dir: string, name: string, text: string) => {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  };
  const amd64 = (image: PushedImage) => digestFor(image, 'amd64');

  /** Every kind of line: current, unpinned, stale, gone, not found, unresolved, invalid and a digest alone. */
  const mixedDockerfile = () =>
    [
      'ARG TAG',
      `FROM alpine:3.20@${amd64(alpine)} AS current`,
      'FROM alpine:3.20 AS unpinned',
      `FROM acme/drift:1@${amd64(staleOld)} AS stale`,
      `FROM acme/app:1@${amd64(goneOld)} AS gone`,
      'FROM acme/absent:1 AS missing',
      'FROM alpine:${TAG} AS unresolved',
      'FROM alpine:3.20@sha256:123 AS invalid',
      `FROM alpine@${amd64(alpine)} AS digest`,
      '',
    ].join('\n');
  const compose = () => `services:\n  web:\n    image: "alpine:3.20"\n  db:\n    image: alpine:3.20@${amd64(alpine)}\n`;

  it('docker-pin help check names every format and the GitHub Actions default', async () => {
    const r = await runCli(['help', 'check']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /\[--format F\]/);
    for (const format of ['text', 'json', 'sarif', 'github']) assert.match(r.stdout, new RegExp(`^ +${format} +\\S`, 'm'));
    assert.match(r.stdout, /Inside GitHub Actions \(GITHUB_ACTIONS=true\) the default is github\./);
    assert.match(r.stdout, /--json +the same as --format json/);
  });

  describe('sarif', () => {
    it('a mix of every state in a Dockerfile and a compose file is valid SARIF 2.1.0: one result per finding, with its rule, level, region and fix', async () => {
      write(repo, 'Dockerfile', mixedDockerfile());
      write(repo, 'deploy/compose.yaml', compose());
      write(outside, 'Dockerfile', 'FROM alpine:3.20\n');
      // Run from a folder of the repository: paths are still the repository's.
      const r = await runCli(['check', ...mirror, '--format', 'sarif', '../Dockerfile', 'compose.yaml', 'missing.Dockerfile', join(outside, 'Dockerfile')], { cwd: join(repo, 'deploy') });
      assert.equal(r.code, 2, r.stderr);
      const log = JSON.parse(r.stdout) as SarifLog;
      assert.deepEqual(sarifErrors(log), []);
      const [run] = log.runs;
      assert.equal(run.tool.driver.name, 'docker-pin');
      assert.equal(run.tool.driver.version, (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version);
      const rules = run.tool.driver.rules;
      assert.deepEqual(
        rules.map((rule) => [rule.id, rule.defaultConfiguration.level]),
        [['unpinned', 'error'], ['stale', 'warning'], ['gone', 'error'], ['unresolved', 'warning'], ['skipped', 'warning'], ['conflict', 'error'], ['invalid', 'error'], ['error', 'error']],
      );
      for (const rule of rules) assert.ok(rule.name && rule.shortDescription.text && rule.help.text, rule.id);
      for (const result of run.results) assert.equal(rules[result.ruleIndex].id, result.ruleId);
      assert.equal(run.originalUriBaseIds['%SRCROOT%'].uri, pathToFileURL(`${execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: repo, encoding: 'utf8' }).trim()}/`).href);

      const where = run.results.map((result) => {
        const location = result.locations?.[0].physicalLocation;
        const region = location?.region;
        return [location?.artifactLocation.uri, location?.artifactLocation.uriBaseId, region?.startLine, region?.startColumn, region?.endColumn, result.ruleId, result.level];
      });
      assert.deepEqual(where, [
        ['Dockerfile', '%SRCROOT%', 3, 6, 17, 'unpinned', 'error'],
        ['Dockerfile', '%SRCROOT%', 4, 6, 6 + `acme/drift:1@${amd64(staleOld)}`.length, 'stale', 'warning'],
        ['Dockerfile', '%SRCROOT%', 5, 6, 6 + `acme/app:1@${amd64(goneOld)}`.length, 'gone', 'error'],
        ['Dockerfile', '%SRCROOT%', 6, 6, 19, 'error', 'error'],
        ['Dockerfile', '%SRCROOT%', 7, 6, 19, 'unresolved', 'warning'],
        ['Dockerfile', '%SRCROOT%', 8, 6, 6 + 'alpine:3.20@sha256:123'.length, 'invalid', 'error'],
        // At the reference's first character, inside its quotes.
        ['deploy/compose.yaml', '%SRCROOT%', 3, 13, 24, 'unpinned', 'error'],
        [pathToFileURL(join(outside, 'Dockerfile')).href, undefined, 1, 6, 17, 'unpinned', 'error'],
      ]);
      const messages = run.results.map((result) => result.message.text);
      assert.equal(messages[0], `unpinned alpine:3.20 (would pin ${amd64(alpine)}): docker-pin pin with this check's options writes it`);
      assert.equal(messages[1], `stale acme/drift:1@${amd64(staleOld)} (would update to ${amd64(staleNow)}): docker-pin pin --update writes it`);
      // --platform was given: that choice says what replaces the gone pin.
      assert.match(messages[2], /^gone acme\/app:1@sha256:\w+ \(pinned manifest no longer in the registry; would update to sha256:\w+, linux\/amd64\): docker-pin pin --update with this check's --platform or --index writes it$/);
      assert.match(messages[4], /no value for TAG: .*pass --build-arg TAG=/);

      const [invocation] = run.invocations;
      assert.equal(invocation.executionSuccessful, false);
      assert.deepEqual(
        invocation.toolExecutionNotifications.map((n) => [n.level, n.message.text, n.locations?.[0].physicalLocation.artifactLocation.uri]),
        [['error', 'missing.Dockerfile: no such file', 'deploy/missing.Dockerfile']],
      );
    });

    it('%SRCROOT% is the repository the config search finds: a work tree whose .git is a file, else the current directory', async () => {
      const tree = join(outside, 'tree');
      execFileSync('git', ['init', '-q', '--separate-git-dir', join(outside, 'gitdir'), tree]);
      write(tree, 'Dockerfile', 'FROM alpine:3.20\n');
      mkdirSync(join(tree, 'sub'));
      const inTree = await runCli(['check', ...mirror, '--format', 'sarif', '../Dockerfile'], { cwd: join(tree, 'sub') });
      const treeRun = (JSON.parse(inTree.stdout) as SarifLog).runs[0];
      assert.equal(treeRun.originalUriBaseIds['%SRCROOT%'].uri, pathToFileURL(`${realpathSync(tree)}/`).href);
      assert.deepEqual(treeRun.results.map((r) => r.locations?.[0].physicalLocation.artifactLocation.uri), ['Dockerfile']);
      write(outside, 'loose/Dockerfile', 'FROM alpine:3.20\n');
      const loose = await runCli(['check', ...mirror, '--format', 'sarif', 'Dockerfile'], { cwd: join(outside, 'loose') });
      const looseRun = (JSON.parse(loose.stdout) as SarifLog).runs[0];
      assert.equal(looseRun.originalUriBaseIds['%SRCROOT%'].uri, pathToFileURL(`${realpathSync(join(outside, 'loose'))}/`).href);
      assert.deepEqual(looseRun.results.map((r) => r.locations?.[0].physicalLocation.artifactLocation.uri), ['Dockerfile']);
    });

    it('an unresolved line allowed by --allow-unresolved is a note; standard input is a result without a location', async () => {
      const r = await runCli(['check', ...mirror, '--format', 'sarif', '--allow-unresolved', '-'], { cwd: repo, input: 'ARG TAG\nFROM alpine:${TAG}\nFROM alpine:3.20\n' });
      assert.equal(r.code, 1, r.stderr);
      const log = JSON.parse(r.stdout) as SarifLog;
      assert.deepEqual(sarifErrors(log), []);
      assert.deepEqual(
        log.runs[0].results.map((result) => [result.ruleId, result.level, result.locations, result.message.text.split(': ')[0]]),
        [
          ['unresolved', 'note', undefined, '<stdin>:2:6'],
          ['unpinned', 'error', undefined, '<stdin>:3:6'],
        ],
      );
      assert.equal(log.runs[0].invocations[0].executionSuccessful, true);
    });

    it('every pin current: no results, exit 0, still valid', async () => {
      write(repo, 'Dockerfile', `FROM alpine:3.20@${amd64(alpine)}\n`);
      const r = await runCli(['check', ...mirror, '--format', 'sarif', 'Dockerfile'], { cwd: repo });
      assert.equal(r.code, 0, r.stderr);
      const log = JSON.parse(r.stdout) as SarifLog;
      assert.deepEqual(sarifErrors(log), []);
      assert.deepEqual(log.runs[0].results, []);
      assert.equal(log.runs[0].invocations[0].executionSuccessful, true);
    });

    it('an ignored image is no result, and the GitHub summary counts it', () => {
      const ignored: CheckRecord = { entry: { file: 'Dockerfile', line: 2, column: 6, state: 'ignored', reference: 'acme/local:dev', message: 'ignored acme/local:dev' }, code: 0 };
      const log = sarifLog({ records: [ignored], root: repo, cwd: repo, version: '1.0.0' }) as SarifLog;
      assert.deepEqual(sarifErrors(log), []);
      assert.deepEqual(log.runs[0].results, []);
      assert.deepEqual(githubCommands([ignored]), []);
      assert.equal(githubSummary(1, [ignored]), 'docker-pin: 1 file checked (1 image ignored), every image pinned and current');
    });

    it('the schema check is no formality: it refuses what SARIF 2.1.0 does not allow', () => {
      const valid = { version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'a/b' }, region: { startLine: 1 } } }] }] }] };
      assert.deepEqual(sarifErrors(valid), []);
      const broken = (change: (log: typeof valid) => unknown) => sarifErrors(change(structuredClone(valid)));
      assert.notDeepEqual(broken((log) => ({ ...log, version: '2.0.0' })), []);
      assert.notDeepEqual(broken((log) => (log.runs[0].results[0].locations[0].physicalLocation.region = { startLine: 0 })), []);
      assert.notDeepEqual(broken((log) => (log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri = 'a b')), []);
      assert.notDeepEqual(broken((log) => ({ ...log, runs: [{ ...log.runs[0], results: [{ ...log.runs[0].results[0], level: 'fatal' }] }] })), []);
    });
  });

  describe('github', () => {
    const title = 'title=Image not pinned to a digest';

    it('one workflow command per finding, at its line and columns, then a summary line', async () => {
      write(repo, 'Dockerfile', mixedDockerfile());
      write(repo, 'compose.yaml', compose());
      const r = await runCli(['check', ...mirror, '--format', 'github', 'Dockerfile', 'compose.yaml'], { cwd: repo });
      assert.equal(r.code, 2, r.stderr);
      const stale = `acme/drift:1@${amd64(staleOld)}`;
      const lines = r.stdout.trimEnd().split('\n');
      assert.deepEqual(lines.slice(0, 2), [
        `::error file=Dockerfile,line=3,col=6,endColumn=17,${title}::Dockerfile:3:6: unpinned alpine:3.20 (would pin ${amd64(alpine)}): docker-pin pin with this check's options writes it`,
        `::warning file=Dockerfile,line=4,col=6,endColumn=${6 + stale.length},title=Pinned digest is behind its tag::Dockerfile:4:6: stale ${stale} (would update to ${amd64(staleNow)}): docker-pin pin --update writes it`,
      ]);
      assert.deepEqual(
        lines.slice(2, 6).map((line) => line.replace(/::Dockerfile.*/, '')),
        [
          `::error file=Dockerfile,line=5,col=6,endColumn=${6 + `acme/app:1@${amd64(goneOld)}`.length},title=Pinned manifest no longer in the registry`,
          '::error file=Dockerfile,line=6,col=6,endColumn=19,title=Image could not be resolved',
          '::warning file=Dockerfile,line=7,col=6,endColumn=19,title=Image cannot be worked out',
          '::error file=Dockerfile,line=8,col=6,endColumn=28,title=Invalid image reference',
        ],
      );
      assert.deepEqual(lines.slice(6), [
        `::error file=compose.yaml,line=3,col=13,endColumn=24,${title}::compose.yaml:3:13: unpinned alpine:3.20 (would pin ${amd64(alpine)}): docker-pin pin with this check's options writes it`,
        'docker-pin: 2 files checked, 7 findings: 2 unpinned, 1 stale, 1 gone, 1 unresolved, 1 invalid, 1 error',
      ]);
      assert.equal(r.stderr, '');
    });

    it('is the default when GITHUB_ACTIONS=true and no format is given; --json and --format still win', async () => {
      write(repo, 'Dockerfile', 'FROM alpine:3.20\n');
      const inActions = { cwd: repo, env: { GITHUB_ACTIONS: 'true' } };
      const byDefault = await runCli(['check', ...mirror, 'Dockerfile'], inActions);
      assert.equal(byDefault.code, 1, byDefault.stderr);
      assert.equal(
        byDefault.stdout,
        `::error file=Dockerfile,line=1,col=6,endColumn=17,${title}::Dockerfile:1:6: unpinned alpine:3.20 (would pin ${amd64(alpine)}): docker-pin pin with this check's options writes it\n` +
          'docker-pin: 1 file checked, 1 finding: 1 unpinned\n',
      );
      const json = await runCli(['check', ...mirror, '--json', 'Dockerfile'], inActions);
      assert.equal((JSON.parse(json.stdout) as { state: string }[])[0].state, 'unpinned');
      const text = await runCli(['check', ...mirror, '--format', 'text', 'Dockerfile'], inActions);
      assert.equal(text.stdout, `Dockerfile:1:6: unpinned alpine:3.20 (would pin ${amd64(alpine)})\n`);
      const outside = await runCli(['check', ...mirror, 'Dockerfile'], { cwd: repo });
      assert.equal(outside.stdout, text.stdout);
    });

    it('escapes a path holding , : % and a newline as GitHub reads properties and messages', async () => {
      const name = 'a,b/c:d%e\nf.Dockerfile';
      write(repo, name, 'FROM alpine:3.20@sha256:123\n');
      const r = await runCli(['check', ...mirror, '--format', 'github', name], { cwd: repo });
      assert.equal(r.code, 2, r.stderr);
      const [command, summary] = r.stdout.trimEnd().split('\n');
      assert.match(command, /^::error file=a%2Cb\/c%3Ad%25e%0Af\.Dockerfile,line=1,col=6,endColumn=28,title=Invalid image reference::a,b\/c:d%25e%0Af\.Dockerfile:1:6: invalid reference "alpine:3\.20@sha256:123": /);
      assert.equal(summary, 'docker-pin: 1 file checked, 1 finding: 1 invalid');
      const sarif = await runCli(['check', ...mirror, '--format', 'sarif', name], { cwd: repo });
      const log = JSON.parse(sarif.stdout) as SarifLog;
      assert.deepEqual(sarifErrors(log), []);
      const uri = log.runs[0].results[0].locations?.[0].physicalLocation.artifactLocation.uri;
      assert.equal(uri, 'a%2Cb/c%3Ad%25e%0Af.Dockerfile');
      assert.equal(decodeURIComponent(uri ?? ''), name);
    });

    it('a file that cannot be read is an error annotation on the file', async () => {
      const r = await runCli(['check', ...mirror, '--format', 'github', 'nothing-here.Dockerfile'], { cwd: repo });
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '::error file=nothing-here.Dockerfile,title=File could not be read::nothing-here.Dockerfile: no such file\ndocker-pin: 1 file checked, 1 finding: 1 unreadable\n');
    });
  });
});
