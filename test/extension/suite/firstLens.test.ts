// A Dockerfile opened while the include index is still being built (in a monorepo it reads thousands
// of YAML files): the lines no build can read otherwise get their lenses at once, a line a compose
// build reads with its args gets none until the index says how (here: a conflict, never a pin).
// The index is held back for real: an include names an env file that is a named pipe, and its
// build's read of it waits until the test writes to the pipe. Real registry, real VS Code.
import * as assert from 'node:assert';
import { execFileSync } from 'node:child_process';
import { closeSync, constants, existsSync, lstatSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { testWorkspace } from './env';
import { activateExtension, closeAllEditors, pushAmd64, short, waitFor, writeWorkspaceFile } from './helpers';

/** How long the provider may take to answer: a lens held back for the index would be drawn far later. */
const ANSWER_MS = 5_000;

/** Lenses as VS Code first draws them: the provider's answer, none resolved, by line. */
async function provided(uri: vscode.Uri): Promise<Record<number, (string | undefined)[]>> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`the lens provider did not answer within ${ANSWER_MS} ms`)), ANSWER_MS)));
  try {
    const found = await Promise.race([vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 0), late]);
    const byLine: Record<number, (string | undefined)[]> = {};
    for (const lens of found) (byLine[lens.range.start.line] ??= []).push(lens.command?.title);
    return byLine;
  } finally {
    clearTimeout(timer);
  }
}

describe('CodeLens while the include index is being built', () => {
  const folder = path.join(testWorkspace(), 'firstlens');
  const pipe = path.join(folder, 'hold', 'hold.env');
  /** The pipe's writing end while the index waits on it. */
  let writer: number | undefined;
  let tools: string;

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
    if (!existsSync(pipe) || !lstatSync(pipe).isFIFO()) return;
    const fd = writer ?? openWriter();
    writer = undefined;
    writeFileSync(`${pipe}.next`, 'HOLD=1\n');
    renameSync(`${pipe}.next`, pipe);
    if (fd === undefined) return;
    writeSync(fd, 'HOLD=1\n');
    closeSync(fd);
  }

  before(async () => {
    tools = await pushAmd64('firstlens-tools', '1.0');
    await pushAmd64('firstlens-own', '1.0');
    await pushAmd64('firstlens-built', '1.0');
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
    writeWorkspaceFile('firstlens/hold/stack.yaml', 'services:\n  cache:\n    image: firstlens-tools:1.0\n');
    execFileSync('mkfifo', [pipe]);
    writeWorkspaceFile('firstlens/hold/compose.yaml', 'include:\n  - path: stack.yaml\n    env_file: hold.env\nservices: {}\n');
    // Another Dockerfile opened has the index built (again), as the files just written do; the build waits on the pipe.
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(writeWorkspaceFile('firstlens/other/Dockerfile', 'FROM firstlens-tools:1.0\n')));
    writer = await waitFor('the include index to read the env file', openWriter);

    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(dockerfile));
    const pin = [`Pin to ${short(tools)} (linux/amd64)`, 'Pin index (multi-arch)'];
    const early = await waitFor('the first line\'s digest lenses', async () => {
      const drawn = await provided(dockerfile);
      return drawn[1]?.[0] === pin[0] ? drawn : undefined;
    });
    assert.deepStrictEqual(early, { 1: pin }, 'only the line no build reads otherwise, while the index waits');

    release();
    const full = await waitFor('the build-read line\'s lens', async () => {
      const drawn = await provided(dockerfile);
      return drawn[2] === undefined ? undefined : drawn;
    });
    assert.deepStrictEqual(full[1], pin);
    assert.strictEqual(full[2].length, 1, JSON.stringify(full));
    assert.match(full[2][0] ?? '', /^⚠ not pinned: conflict "\$\{BASE\}": its readings name different images, firstlens-own:1\.0 \(read directly\) and firstlens-built:1\.0 \(as service web in firstlens\/app\/compose\.yaml builds it\)/);
  });
});
