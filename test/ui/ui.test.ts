// What a person sees: the packaged extension installed into a real VS Code (code-server) in
// headless Chromium, a multi-stage Dockerfile, a click on the pin lens, the digest in the editor
// and on disk after Ctrl+S, the manifest opened read-only from its lens, the status bar's
// platform switched through Select Platform, and a compose file's lens pinning its service's
// image. Takes a screenshot (`npm run screenshot` keeps it as
// media/screenshot.png for the README; otherwise it stays under .test-tmp/ so tests leave the tree clean).
import * as assert from 'node:assert';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { launchBrowser, type Browser } from '../extension/harness/browser';
import { onCleanup } from '../extension/harness/cleanup';
import { codeServerDirs, installExtension, startCodeServer, type CodeServer } from '../extension/harness/codeServer';
import { freshDir, repoRoot } from '../extension/harness/paths';
import { writeSettings } from '../extension/harness/settings';
import { workbenchUrl } from '../extension/harness/workbench';
import { pushImage } from '../support/push';
import { startRegistry, type TestRegistry } from '../support/registry';

/** The packaged extension (`npm run test:ui` packages it first): what users install, so it is required. */
const VSIX = process.env.DOCKER_PIN_VSIX ?? path.join(repoRoot, 'docker-pin.vsix');
const SCREENSHOT = path.resolve(repoRoot, process.env.DOCKER_PIN_SCREENSHOT ?? path.join('.test-tmp', 'ui', 'screenshot.png'));

const DOCKERFILE = [
  '# syntax=docker/dockerfile:1',
  'FROM golang:1.23 AS build',
  'WORKDIR /src',
  'RUN echo "package main; func main() {}" > main.go && go build -o /app main.go',
  '',
  'FROM alpine:3.20',
  'COPY --from=build /app /usr/local/bin/app',
  'ENTRYPOINT ["app"]',
  '',
].join('\n');

const COMPOSE = [
  'services:',
  '  web:',
  '    image: alpine:3.20   # the web tier',
  '    platform: linux/amd64',
  '  worker:',
  '    build: ./worker',
  '    image: shop/worker:dev',
  '',
].join('\n');

/** Matches a line of the editor, whose spaces Monaco renders as U+00A0. */
function lineText(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '[ \u00a0]')}$`);
}

/** Editor text as the user reads it (Monaco renders spaces as U+00A0). */
async function editorText(page: Page): Promise<string> {
  const lines = await page.locator('.editor-group-container .monaco-editor .view-lines').first().locator('.view-line').allInnerTexts();
  return lines.map((l) => l.replace(/\u00a0/g, ' ')).join('\n');
}

/**
 * The lens titles once they read `expected`, or what they read at the deadline: VS Code redraws
 * lenses as answers arrive (a lens drawn with its command, then the line's redraw), so one read
 * can fall between two drawings.
 */
async function settledLensTitles(page: Page, expected: readonly string[], ms = 15_000): Promise<string[]> {
  const titles = page.locator('.monaco-editor .codelens-decoration a');
  const deadline = Date.now() + ms;
  let seen = await titles.allInnerTexts();
  while (JSON.stringify(seen) !== JSON.stringify(expected) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    seen = await titles.allInnerTexts();
  }
  return seen;
}

function digestOf(children: readonly { digest: string; platform?: { os: string; architecture: string } }[], platform: string): string {
  const child = children.find((c) => c.platform && `${c.platform.os}/${c.platform.architecture}` === platform);
  if (!child) throw new Error(`no ${platform} image pushed`);
  return child.digest;
}

describe('docker-pin in VS Code (UI)', function () {
  this.timeout(90_000);
  let dir: string;
  let workspace: string;
  let registry: TestRegistry;
  let server: CodeServer;
  let browser: Browser;
  let page: Page;
  let golangAmd64: string;
  let golangManifest: Buffer;
  let alpineAmd64: string;
  let alpineArm64: string;
  let frontendIndex: string;

  before(async () => {
    dir = freshDir('ui');
    workspace = path.join(dir, 'workspace');
    mkdirSync(workspace, { recursive: true });
    writeFileSync(path.join(workspace, 'Dockerfile'), DOCKERFILE);
    writeFileSync(path.join(workspace, 'compose.yaml'), COMPOSE);

    registry = await startRegistry({ auth: 'none' });
    onCleanup('registry', () => registry.stop());
    const golang = await pushImage(registry, 'library/golang', '1.23', { platforms: ['linux/amd64', 'linux/arm64'], attestations: true });
    golangAmd64 = digestOf(golang.children, 'linux/amd64');
    golangManifest = golang.children.find((c) => c.digest === golangAmd64)?.bytes ?? Buffer.alloc(0);
    const alpine = await pushImage(registry, 'library/alpine', '3.20', { platforms: ['linux/amd64', 'linux/arm64'] });
    alpineAmd64 = digestOf(alpine.children, 'linux/amd64');
    alpineArm64 = digestOf(alpine.children, 'linux/arm64');
    frontendIndex = (await pushImage(registry, 'docker/dockerfile', '1', { platforms: ['linux/amd64', 'linux/arm64'] })).index.digest;

    const { userDataDir } = codeServerDirs(dir);
    writeSettings(userDataDir, {
      user: { 'dockerPin.platform': 'linux/amd64', 'workbench.colorTheme': 'Default Dark Modern', 'editor.fontSize': 14 },
      machine: { 'dockerPin.mirrors': { 'docker.io': registry.url } },
    });
    // Testing the development build instead would pass while the package users get is broken.
    if (!existsSync(VSIX)) throw new Error(`${VSIX} not found: run \`npm run test:ui\`, which packages the extension first`);
    await installExtension(dir, VSIX);

    server = await startCodeServer({ dir, trustAll: true, env: { DOCKER_CONFIG: path.join(dir, 'no-docker-config') } });
    browser = await launchBrowser(path.join(dir, 'chromium'));
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    const url = await workbenchUrl(server, workspace);
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 30_000 });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) {
      const shot = path.join(dir, `failure-${(this.currentTest.title || 'test').replace(/[^a-z0-9]+/gi, '-')}.png`);
      await page.screenshot({ path: shot }).catch(() => undefined);
      console.error(`[ui] screenshot of the failure: ${shot}`);
    }
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await registry?.stop();
  });

  let pinLens: Locator;

  it('shows a pin lens above each image of a multi-stage Dockerfile', async () => {
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'Dockerfile' }).first().click();
    pinLens = page.locator('.monaco-editor .codelens-decoration a', { hasText: /^Pin to sha256:[0-9a-f]{8}… \(linux\/amd64\)$/ });
    await pinLens.first().waitFor({ timeout: 30_000 });
    const expected = [
      // The # syntax= image: the index first, as BuildKit pulls it for the builder's platform.
      `Pin index ${frontendIndex.slice(0, 15)}… (multi-arch)`, 'Pin to linux/amd64',
      `Pin to ${golangAmd64.slice(0, 15)}… (linux/amd64)`, 'Pin index (multi-arch)',
      `Pin to ${alpineAmd64.slice(0, 15)}… (linux/amd64)`, 'Pin index (multi-arch)',
    ];
    assert.deepStrictEqual(await settledLensTitles(page, expected), expected);
  });

  it('pins the build stage\'s image with one click, and Ctrl+S writes it to disk', async () => {
    await pinLens.first().click();
    const pinned = `FROM golang:1.23@${golangAmd64} AS build`;
    await page.locator('.monaco-editor .view-line', { hasText: lineText(pinned) }).waitFor({ timeout: 15_000 });
    await page.locator('.monaco-editor .codelens-decoration a', { hasText: 'Pinned · linux/amd64 · Show manifest' }).waitFor({ timeout: 15_000 });
    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });

    await page.locator('.editor-group-container .monaco-editor textarea').first().focus();
    await page.keyboard.press('Control+S');
    const expected = DOCKERFILE.replace('FROM golang:1.23 AS build', pinned);
    const deadline = Date.now() + 10_000;
    while (readFileSync(path.join(workspace, 'Dockerfile'), 'utf8') !== expected && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.strictEqual(readFileSync(path.join(workspace, 'Dockerfile'), 'utf8'), expected);
  });

  it('opens the pinned manifest read-only from the "Show manifest" lens', async () => {
    await page.locator('.monaco-editor .codelens-decoration a', { hasText: 'Pinned · linux/amd64 · Show manifest' }).click();
    const tab = page.locator('.tabs-container .tab.active');
    // Titled by reference (tag and the pinned digest) and platform.
    await tab.filter({ hasText: /1\.23@sha256-[0-9a-f]{12} \(linux-amd64\)\.json/ }).waitFor({ timeout: 15_000 });
    await page.locator('.statusbar-item', { hasText: /^JSON$/ }).first().waitFor({ timeout: 10_000 });
    const manifest = JSON.parse(golangManifest.toString('utf8')) as { config: { digest: string } };
    await page.locator('.monaco-editor .view-line', { hasText: manifest.config.digest }).first().waitFor({ timeout: 15_000 });
    const before = await editorText(page);
    await page.locator('.editor-group-container .monaco-editor .view-lines').first().click();
    await page.keyboard.type('xyz');
    await new Promise((r) => setTimeout(r, 500));
    assert.strictEqual(await editorText(page), before, 'typing does not change a manifest document');
    assert.ok(!before.includes('xyz'));
  });

  it('shows the platform in the status bar and switches it through Select Platform', async () => {
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'Dockerfile' }).first().click();
    const item = page.locator('.statusbar-item', { hasText: 'linux/amd64' });
    await item.first().waitFor({ timeout: 15_000 });
    await item.first().click();
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: 10_000 });
    await input.fill('linux/arm64');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'linux/arm64' }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.statusbar-item', { hasText: 'linux/arm64' }).first().waitFor({ timeout: 15_000 });
    // The stage pinned for amd64 stays pinned (a pin is checked for the platform it was made for);
    // the unpinned stage now offers the arm64 digest.
    const expected = [
      // The # syntax= image still offers its index first; its platform pin is now for linux/arm64.
      `Pin index ${frontendIndex.slice(0, 15)}… (multi-arch)`, 'Pin to linux/arm64',
      'Pinned · linux/amd64 · Show manifest', `Pin to ${alpineArm64.slice(0, 15)}… (linux/arm64)`, 'Pin index (multi-arch)',
    ];
    assert.deepStrictEqual(await settledLensTitles(page, expected), expected);
    assert.ok((await editorText(page)).includes(`FROM golang:1.23@${golangAmd64} AS build`), 'the pinned line is unchanged');
  });

  it('shows a pin lens above the image of a compose service, and the Pin All button; a click pins it for the service platform', async () => {
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'compose.yaml' }).first().click();
    const lens = page.locator('.monaco-editor .codelens-decoration a', { hasText: `Pin to ${alpineAmd64.slice(0, 15)}… (linux/amd64)` });
    await lens.waitFor({ timeout: 30_000 });
    // One image: the worker's name is what its build produces, never pinned.
    const lenses = [`Pin to ${alpineAmd64.slice(0, 15)}… (linux/amd64)`, 'Pin index (multi-arch)'];
    assert.deepStrictEqual(await settledLensTitles(page, lenses), lenses);
    await page.locator('.editor-actions .action-label[aria-label="Pin All Images in File"]').first().waitFor({ timeout: 10_000 });
    await lens.click();
    const pinned = `    image: alpine:3.20@${alpineAmd64}   # the web tier`;
    await page.locator('.monaco-editor .view-line', { hasText: lineText(pinned) }).waitFor({ timeout: 15_000 });
    await page.locator('.editor-group-container .monaco-editor textarea').first().focus();
    await page.keyboard.press('Control+S');
    const file = path.join(workspace, 'compose.yaml');
    const expected = COMPOSE.replace('    image: alpine:3.20   # the web tier', pinned);
    const deadline = Date.now() + 10_000;
    while (readFileSync(file, 'utf8') !== expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.strictEqual(readFileSync(file, 'utf8'), expected);
  });
});
