// Scenario 7: editor latency in real VS Code (code-server in headless Chromium, the UI tests'
// harness), against the floor VS Code itself imposes: a trivial extension, written here, whose
// CodeLens provider answers at once with a lens per FROM line. Both are loaded the same way (as
// the extension under development of their own window, from a folder) on one code-server, and
// measured alternately, run by run:
//   - open: a fresh window opens a Dockerfile naming an image not seen before → its first lens
//     (docker-pin: the one showing the image's digest). Activation is part of it.
//   - open, monorepo: the same, in a window on the scale scenario's generated monorepo (bench/
//     monorepo.ts, 50,000 files): what a large workspace adds to the first lens.
//   - open a manifest, monorepo: the same with a Kubernetes manifest (a Deployment) written beside
//     the opened Dockerfiles. Its lenses may wait for the include index, which reads every YAML
//     file of the workspace: a kustomization may rename its images. The floor's provider answers
//     every `image:` line of YAML at once.
//   - type: in that window (the extension warm), a `FROM` line naming a repository not seen before
//     is typed (inserted as one edit) at the end of the file → its lens.
// docker-pin's images are resolved through the latency proxy, as everywhere in the benchmark.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../../test/extension/harness/browser';
import { startCodeServer } from '../../test/extension/harness/codeServer';
import { extensionRoot, freshDir } from '../../test/extension/harness/paths';
import { writeSettings } from '../../test/extension/harness/settings';
import { workbenchUrl } from '../../test/extension/harness/workbench';
import type { BenchContext } from '../context';
import type { BenchOptions } from '../options';
import { benchImages, type BenchImage } from '../images';
import { writeMonorepo } from '../monorepo';
import { repeat, type Measurement } from '../measure';
import { formatMs, median } from '../stats';

const FLOOR_MANIFEST = {
  name: 'lens-floor',
  publisher: 'bench',
  version: '0.0.1',
  engines: { vscode: '^1.90.0' },
  main: './extension.js',
  activationEvents: ['onLanguage:dockerfile', 'onLanguage:yaml'],
};

/** The whole floor extension: a lens on every FROM line of a Dockerfile and every `image:` line of YAML, with its command, at once. */
const FLOOR_EXTENSION = `const vscode = require('vscode');
const provider = (pattern) => ({
  provideCodeLenses(document) {
    const lenses = [];
    for (let i = 0; i < document.lineCount; i++) {
      const m = pattern.exec(document.lineAt(i).text);
      if (m) lenses.push(new vscode.CodeLens(document.lineAt(i).range, { title: 'floor ' + m[1], command: '' }));
    }
    return lenses;
  },
});
exports.activate = (context) => {
  context.subscriptions.push(
    vscode.languages.registerCodeLensProvider({ language: 'dockerfile' }, provider(/^FROM\\s+(\\S+)/)),
    vscode.languages.registerCodeLensProvider({ language: 'yaml' }, provider(/^\\s*(?:-\\s+)?image:\\s*(\\S+)/)),
  );
};
`;

const LENS_TIMEOUT_MS = 60_000;

interface Window {
  readonly name: 'docker-pin' | 'docker-pin monorepo' | 'floor' | 'floor monorepo';
  readonly page: Page;
  readonly url: string;
  readonly workspace: string;
  /** The text of the lens that shows `image` resolved. */
  readonly needle: (image: BenchImage) => string;
}

/** Runs of the monorepo window: a few (each window builds its index over the whole tree). */
function monorepoRuns(options: BenchOptions): number {
  return Math.min(options.runs, 3);
}

/** Every run names two images no window has seen: one to open, one to type; the monorepo's runs two each to open, a Dockerfile's and a manifest's (the floor's window reopens docker-pin's). */
export function editorImageCount(options: BenchOptions): number {
  return options.editor === 'skip' ? 0 : 1 + 2 * options.runs + 2 * monorepoRuns(options);
}

export async function scenarioEditor(ctx: BenchContext): Promise<Measurement[]> {
  const runs = ctx.options.runs;
  const images = benchImages(editorImageCount(ctx.options));
  const label = '7 · VS Code (code-server), editor lens';
  ctx.log(`scenario ${label}`);
  const dir = freshDir('bench-editor');
  const floorDir = path.join(dir, 'lens-floor');
  mkdirSync(floorDir, { recursive: true });
  writeFileSync(path.join(floorDir, 'package.json'), JSON.stringify(FLOOR_MANIFEST, null, 2));
  writeFileSync(path.join(floorDir, 'extension.js'), FLOOR_EXTENSION);
  // Written before code-server starts: the generator blocks for a while.
  ctx.log(`  generating the monorepo (${ctx.options.monorepo.files.toLocaleString('en-US')} files)`);
  const monorepo = path.join(dir, 'ws-monorepo');
  mkdirSync(monorepo, { recursive: true });
  // The images its files name are never resolved here: only the opened Dockerfiles' lenses are.
  writeMonorepo(monorepo, ctx.options.monorepo, images.map((img) => img.ref));
  const server = await startCodeServer({ dir, trustAll: true, env: { DOCKER_CONFIG: path.join(dir, 'no-docker-config'), XDG_CACHE_HOME: path.join(dir, 'cache') } });
  const browser = await launchBrowser(path.join(dir, 'chromium'));
  try {
    writeSettings(server.userDataDir, {
      user: { 'dockerPin.platform': 'linux/amd64', 'editor.codeLens': true },
      machine: { 'dockerPin.mirrors': { 'docker.io': ctx.env.proxy.url } },
    });
    const open = async (name: Window['name'], extension: string, needle: Window['needle']): Promise<Window> => {
      const workspace = path.join(dir, name.endsWith(' monorepo') ? 'ws-monorepo' : `ws-${name}`);
      images.slice(1).forEach((img, i) => {
        writeDockerfile(workspace, `open-${i}`, [img]);
        writeManifest(workspace, `open-${i}`, img);
      });
      const url = await workbenchUrl(server, workspace, { extensionDevelopmentPath: extension });
      return { name, page: await browser.context.newPage(), url, workspace, needle };
    };
    const digestOf = (img: BenchImage): string => {
      const digest = ctx.env.amd64Digests.get(img.repository);
      if (!digest) throw new Error(`no linux/amd64 digest known for ${img.repository}`);
      return digest.slice(0, 'sha256:'.length + 8);
    };
    const pin = await open('docker-pin', extensionRoot, digestOf);
    const floor = await open('floor', floorDir, (img) => `floor ${img.ref}`);
    const mono = await open('docker-pin monorepo', extensionRoot, digestOf);
    const monoFloor = await open('floor monorepo', floorDir, (img) => `floor ${img.ref}`);

    const failed = async (w: Window, r: number, e: unknown): Promise<Error> => {
      const shot = path.join(dir, `failure-${w.name.replace(' ', '-')}.png`);
      await w.page.screenshot({ path: shot }).catch(() => undefined);
      return new Error(`${w.name}, run ${r + 1}: ${e instanceof Error ? e.message : String(e)} (screenshot: ${shot})`);
    };
    const opened: Record<Window['name'], number[]> = { 'docker-pin': [], 'docker-pin monorepo': [], floor: [], 'floor monorepo': [] };
    const typed: Record<Window['name'], number[]> = { 'docker-pin': [], 'docker-pin monorepo': [], floor: [], 'floor monorepo': [] };
    /** docker-pin's typed lines: edit → first registry request, the requests, last answer → lens drawn. */
    const typedPhases: { toRequest: number; requests: number; toLens: number }[] = [];
    for (let r = 0; r < runs; r++) {
      for (const w of r % 2 === 0 ? [pin, floor] : [floor, pin]) {
        const openImage = images[1 + 2 * r];
        const typeImage = images[2 + 2 * r];
        ctx.log(`  ${w.name}, run ${r + 1}: open a Dockerfile, then type a FROM line`);
        try {
          opened[w.name].push(await openToLens(w, `open-${2 * r}/Dockerfile`, openImage, ctx.log));
          const from = ctx.env.proxy.timeline.length;
          const t = await typeToLens(w, typeImage, ctx.log);
          typed[w.name].push(t.endMs - t.startMs);
          const requests = ctx.env.proxy.timeline.slice(from);
          if (w.name === 'docker-pin' && requests.length > 0) {
            const first = Math.min(...requests.map((q) => q.arrivedMs));
            const last = Math.max(...requests.map((q) => q.finishedMs));
            typedPhases.push({ toRequest: first - t.startMs, requests: last - first, toLens: t.endMs - last });
          }
        } catch (e) {
          throw await failed(w, r, e);
        }
      }
    }
    for (let r = 0; r < monorepoRuns(ctx.options); r++) {
      const at = 1 + 2 * runs + 2 * r;
      for (const w of r % 2 === 0 ? [mono, monoFloor] : [monoFloor, mono]) {
        ctx.log(`  ${w.name}, run ${r + 1}: open a Dockerfile`);
        try {
          opened[w.name].push(await openToLens(w, `open-${at - 1}/Dockerfile`, images[at], ctx.log));
          ctx.log(`    Dockerfile ${formatMs(opened[w.name].at(-1))}`);
        } catch (e) {
          throw await failed(w, r, e);
        }
      }
    }
    const phase = (k: keyof (typeof typedPhases)[number]): string => formatMs(median(typedPhases.map((p) => p[k])));
    const row = async (id: string, what: string, samples: readonly number[], note: string): Promise<Measurement> => ({
      id,
      scenario: label,
      what,
      note,
      ...(await repeat(samples.length, async (i) => ({ wallMs: samples[i] }))),
    });
    return [
      await row('s7.open', 'open a Dockerfile (new window) → its digest lens', opened['docker-pin'], 'from Enter in Quick Open to the lens showing the image\'s digest; the extension activates on the open'),
      await row('s7.openFloor', 'floor: the same with a lens provider that answers at once', opened.floor, 'a trivial extension, loaded the same way, whose provider returns a lens with its command for every FROM line'),
      await row(
        's7.openMonorepo',
        `the same in a monorepo (${ctx.options.monorepo.files.toLocaleString('en-US')} files, ${ctx.options.monorepo.imageFiles.toLocaleString('en-US')} name images)`,
        opened['docker-pin monorepo'],
        'the scale scenario\'s generated tree (bench/monorepo.ts) with the Dockerfiles opened beside it; what the workspace\'s size adds to s7.open',
      ),
      await row('s7.openMonorepoFloor', 'floor: the same in the monorepo', opened['floor monorepo'], 'the trivial extension in the monorepo: what VS Code itself takes there (its file watcher and git extension start on the same tree)'),
      await row(
        's7.type',
        'type a FROM line (new repository), extension warm → its digest lens',
        typed['docker-pin'],
        `from the edit to the lens showing the digest; the registry needs a token and a manifest for a new repository. Medians from the proxy's timestamps: edit → first registry request ${phase('toRequest')}, first request → last answer ${phase('requests')}, last answer → lens drawn ${phase('toLens')}`,
      ),
      await row('s7.typeFloor', 'floor: the same with a lens provider that answers at once', typed.floor, 'the trivial extension again: what VS Code itself takes from an edit to a drawn lens'),
    ];
  } finally {
    await browser.close();
    await server.stop();
  }
}

function writeDockerfile(workspace: string, folder: string, images: readonly BenchImage[]): void {
  mkdirSync(path.join(workspace, folder), { recursive: true });
  writeFileSync(path.join(workspace, folder, 'Dockerfile'), `${images.map((i) => `FROM ${i.ref}\nRUN true\n`).join('\n')}`);
}

const MANIFEST_NAME = 'deployment.yaml';

function writeManifest(workspace: string, folder: string, image: BenchImage): void {
  mkdirSync(path.join(workspace, folder), { recursive: true });
  writeFileSync(
    path.join(workspace, folder, MANIFEST_NAME),
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${folder}\nspec:\n  selector:\n    matchLabels:\n      app: ${folder}\n  template:\n    metadata:\n      labels:\n        app: ${folder}\n    spec:\n      containers:\n        - name: app\n          image: ${image.ref}\n`,
  );
}

/**
 * How long a check polled on animation frames may go unanswered before the page is looked at
 * directly: on a loaded machine a page now and then stops getting frames with the lens already in
 * it (the screenshot of the timeout shows it drawn), and only bringing it to the front again
 * restarts them. Such a run is logged: its time includes the stall.
 */
const FRAME_STALL_MS = 3_000;

/** Resolves when a lens whose text contains `needle` is drawn. */
async function lensShown(page: Page, needle: string, log: (line: string) => void): Promise<void> {
  // A string, evaluated in the page (this project compiles without the DOM's types).
  const shown = `[...document.querySelectorAll('.monaco-editor .codelens-decoration')].some((e) => (e.textContent || '').includes(${JSON.stringify(needle)}))`;
  const deadline = performance.now() + LENS_TIMEOUT_MS;
  for (;;) {
    const left = deadline - performance.now();
    try {
      await page.waitForFunction(shown, undefined, { polling: 'raf', timeout: Math.max(1, Math.min(FRAME_STALL_MS, left)) });
      return;
    } catch (error) {
      if (left <= FRAME_STALL_MS) throw error;
    }
    const drawn = (await page.evaluate(shown)) === true;
    log(`    no animation frame for ${FRAME_STALL_MS} ms${drawn ? ', the lens already drawn' : ''}: the page brought to the front again (this run's time includes the stall)`);
    if (drawn) return;
    await page.bringToFront();
  }
}

/** A fresh window, then Quick Open on `file` (`folder/name`): ms from Enter to the image's lens. */
async function openToLens(w: Window, file: string, image: BenchImage, log: (line: string) => void): Promise<number> {
  const folder = file.slice(0, file.indexOf('/'));
  // A background tab gets no animation frames: VS Code would never draw its lenses.
  await w.page.bringToFront();
  await w.page.goto(w.url);
  await w.page.locator('.monaco-workbench').waitFor({ timeout: LENS_TIMEOUT_MS });
  await w.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: LENS_TIMEOUT_MS });
  await w.page.keyboard.press('Control+P');
  await w.page.keyboard.insertText(file);
  await w.page.locator('.quick-input-list .monaco-list-row', { hasText: folder }).first().waitFor({ timeout: LENS_TIMEOUT_MS });
  const t0 = performance.now();
  await w.page.keyboard.press('Enter');
  await lensShown(w.page, w.needle(image), log);
  return performance.now() - t0;
}

/** At the end of the open Dockerfile, a new line; then the FROM line as one edit: ms to its lens. */
async function typeToLens(w: Window, image: BenchImage, log: (line: string) => void): Promise<{ startMs: number; endMs: number }> {
  await w.page.locator('.editor-group-container .monaco-editor .view-lines').first().click();
  await w.page.keyboard.press('Control+End');
  await w.page.keyboard.press('Enter');
  // Lets the lens refresh of the new empty line settle, so the measured edit starts from rest.
  await w.page.waitForTimeout(1000);
  const startMs = performance.now();
  await w.page.keyboard.insertText(`FROM ${image.ref}`);
  await lensShown(w.page, w.needle(image), log);
  return { startMs, endMs: performance.now() };
}
