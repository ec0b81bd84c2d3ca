// A Dockerfile opened while the include index is still being built (in a monorepo it reads thousands
// of YAML files): the lines no build can read otherwise get their lenses at once, a line a compose
// build reads with its args gets none until the index says how (here: a conflict, never a pin).
// A Kubernetes manifest likewise: a line whose image no kustomization's images: entry names gets
// its lenses at once, a line an entry renames none until the index says how it is rendered.
// The index is held back for real: an include names an env file that is a named pipe, and its
// build's read of it waits until the test writes to the pipe. Real registry, real VS Code.
import * as assert from 'node:assert';
import { execFileSync } from 'node:child_process';
import { closeSync, constants, existsSync, lstatSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { testWorkspace } from './env';
import { activateExtension, closeAllEditors, pushAmd64, registry, short, waitFor, writeWorkspaceFile } from './helpers';

/** How long the provider may take to answer: a lens held back for the index would be drawn far later. */
const ANSWER_MS = 5_000;

/** Lens titles by line. */
type Drawn = Record<number, (string | undefined)[]>;

/** Lenses as VS Code first draws them: the provider's answer, none resolved, by line. */
async function provided(uri: vscode.Uri): Promise<Drawn> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`the lens provider did not answer within ${ANSWER_MS} ms`)), ANSWER_MS)));
  try {
    const found = await Promise.race([vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 0), late]);
    const byLine: Drawn = {};
    for (const lens of found) (byLine[lens.range.start.line] ??= []).push(lens.command?.title);
    return byLine;
  } finally {
    clearTimeout(timer);
  }
}

describe('CodeLens while the include index is being built', () => {
  const folder = path.join(testWorkspace(), 'firstlens');
  /** The env file the index's build waits on: a named pipe, one per test. */
  let pipe = '';
  /** The pipe's writing end while the index waits on it. */
  let writer: number | undefined;
  let tools: string;
  let mirror: string;

  /** Opens the pipe's writing end once the index reads it (no reader yet: ENXIO). */
  function openWriter(): number | undefined {
    try {
      return openSync(pipe, constants.O_WRONLY | constants.O_NONBLOCK);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENXIO') return undefined;
      throw error;
    }
  }

  /**
   * The env file becomes a plain file, and what the reads under way wait for is written and the
   * pipe closed: the index's build goes on (a later build would wait on a pipe again).
   */
  function release(): void {
    if (pipe === '' || !existsSync(pipe) || !lstatSync(pipe).isFIFO()) return;
    const fd = writer ?? openWriter();
    writer = undefined;
    writeFileSync(`${pipe}.next`, 'HOLD=1\n');
    renameSync(`${pipe}.next`, pipe);
    if (fd === undefined) return;
    writeSync(fd, 'HOLD=1\n');
    closeSync(fd);
  }

  /** An include of an env file that is a named pipe, in folder `name`: the index's build (made again for it) waits on it until `release`. */
  async function holdIndex(name: string): Promise<void> {
    pipe = path.join(folder, name, 'hold.env');
    writeWorkspaceFile(`firstlens/${name}/stack.yaml`, 'services:\n  cache:\n    image: firstlens-tools:1.0\n');
    execFileSync('mkfifo', [pipe]);
    writeWorkspaceFile(`firstlens/${name}/compose.yaml`, 'include:\n  - path: stack.yaml\n    env_file: hold.env\nservices: {}\n');
    // Another Dockerfile opened has the index built (again), as the files just written do; the build waits on the pipe.
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(writeWorkspaceFile(`firstlens/${name}/Dockerfile`, 'FROM firstlens-tools:1.0\n')));
    writer = await waitFor('the include index to read the env file', openWriter);
  }

  /**
   * Opens `uri` while the index is held: its lenses once `line`'s first is `title`; then, the index
   * released, once `later` has lenses too.
   */
  async function drawnBeforeAndAfter(uri: vscode.Uri, line: number, title: string, later: number): Promise<{ early: Drawn; full: Drawn }> {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const early = await waitFor(`line ${line + 1}'s lenses while the index waits`, async () => {
      const drawn = await provided(uri);
      return drawn[line]?.[0] === title ? drawn : undefined;
    });
    release();
    const full = await waitFor(`line ${later + 1}'s lenses once the index is known`, async () => {
      const drawn = await provided(uri);
      return drawn[later] === undefined ? undefined : drawn;
    });
    return { early, full };
  }

  before(async () => {
    tools = await pushAmd64('firstlens-tools', '1.0');
    await pushAmd64('firstlens-own', '1.0');
    await pushAmd64('firstlens-built', '1.0');
    await pushAmd64('firstlens-renamed', '1.0');
    mirror = await pushAmd64('mirror/firstlens-renamed', '1.0', 'mirror');
    await activateExtension();
    await closeAllEditors();
  });

  after(async () => {
    release();
    await closeAllEditors();
    rmSync(folder, { recursive: true, force: true });
  });

  it('draws the lines no build reads otherwise before the index is known, and the build-read line only once it is', async () => {
    writeWorkspaceFile('firstlens/app/compose.yaml', 'services:\n  web:\n    build:\n      context: .\n      args:\n        BASE: firstlens-built:1.0\n');
    // The last stage, which the build builds, is the one its args name otherwise.
    const dockerfile = writeWorkspaceFile('firstlens/app/Dockerfile', 'ARG BASE=firstlens-own:1.0\nFROM firstlens-tools:1.0 AS tools\nFROM ${BASE}\nCOPY --from=tools /bin/tool /bin/tool\n');
    await holdIndex('hold');

    const pin = [`Pin to ${short(tools)} (linux/amd64)`, 'Pin index (multi-arch)'];
    const { early, full } = await drawnBeforeAndAfter(dockerfile, 1, pin[0], 2);
    assert.deepStrictEqual(early, { 1: pin }, 'only the line no build reads otherwise, while the index waits');
    assert.deepStrictEqual(full[1], pin);
    assert.strictEqual(full[2].length, 1, JSON.stringify(full));
    assert.match(full[2][0] ?? '', /^⚠ not pinned: conflict "\$\{BASE\}": its readings name different images, firstlens-own:1\.0 \(read directly\) and firstlens-built:1\.0 \(as service web in firstlens\/app\/compose\.yaml builds it\)/);
  });

  it("draws a manifest's lines no kustomization renames before the index is known, and a renamed line only once it is", async () => {
    // Written first: the kustomizations' entry names are read again on its watcher event.
    writeWorkspaceFile('firstlens/kube/kustomization.yaml', `resources: [deploy.yaml]\nimages:\n  - name: firstlens-renamed\n    newName: ${registry('public').host}/mirror/firstlens-renamed\n`);
    const manifest = writeWorkspaceFile(
      'firstlens/kube/deploy.yaml',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers:\n        - name: tools\n          image: firstlens-tools:1.0\n        - name: web\n          image: firstlens-renamed:1.0\n',
    );
    await holdIndex('hold2');

    const pin = [`Pin to ${short(tools)} (linux/amd64)`, 'Pin index (multi-arch)'];
    const { early, full } = await drawnBeforeAndAfter(manifest, 8, pin[0], 10);
    assert.deepStrictEqual(early, { 8: pin }, 'only the line no kustomization renames, while the index waits');
    assert.deepStrictEqual(full[8], pin);
    // As kustomize renders it: the mirror's image, whose digest the pin writes on the manifest's line.
    assert.deepStrictEqual(full[10], [`Pin to ${short(mirror)} (linux/amd64)`, 'Pin index (multi-arch)']);
  });
});
