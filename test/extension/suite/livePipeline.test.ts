// An open GitLab CI file of a pipeline of several files (`include: local`, a file or a wildcard
// pattern) is read live with the
// variables of its whole pipeline, as the CLI and Check Workspace read it: an image written as a
// variable another file of the pipeline defines is not unresolved where it is written, and its pin
// goes into that variable's value, for the platform its job runs on. Two pipelines that give the
// variable different values make the line a conflict. Real registry, real VS Code.
import * as assert from 'node:assert';
import { mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { pushImage } from '../../support/push';
import { testWorkspace } from './env';
import { activateExtension, childFor, closeAllEditors, codeOf, diagnosticSummary, expectDiagnostics, lenses, lensOn, openUri as open, ourDiagnostics, registry, short, waitFor, writeWorkspaceFile } from './helpers';

describe("An open GitLab CI file is read with its pipeline's variables", () => {
  // Images no other suite names: answers cached here cannot stand in for another suite's pushes.
  let arm64 = '';
  let amd64 = '';

  before(async () => {
    const pushed = await pushImage(registry('public'), 'library/livepipe', '1.0', { platforms: ['linux/amd64', 'linux/arm64'] });
    amd64 = childFor(pushed.children, 'linux/amd64').digest;
    arm64 = childFor(pushed.children, 'linux/arm64').digest;
    await activateExtension();
    await closeAllEditors();
  });

  afterEach(closeAllEditors);

  // The job file's second job names its image outright: its diagnostic shows the file was read.
  const JOB = ['build:', '  image:', '    name: $BUILD_IMAGE', '    docker:', '      platform: linux/arm64', '  script: [make]', 'lint:', '  image: livepipe:1.0', ''].join('\n');
  const MAIN = 'include:\n  - local: /ci/build.gitlab-ci.yml\nvariables:\n  BUILD_IMAGE: livepipe:1.0\n';

  it("an included job file's image written as a variable the main file defines is not unresolved; the main file pins that value, for the job's platform", async () => {
    // Its own repository: `include: local` paths start at the repository root.
    writeWorkspaceFile('livepipe/.git', 'gitdir: ../.git-livepipe\n');
    const main = writeWorkspaceFile('livepipe/.gitlab-ci.yml', MAIN);
    const job = writeWorkspaceFile('livepipe/ci/build.gitlab-ci.yml', JOB);

    await open(job);
    await waitFor('the diagnostic of the image written out', () => (diagnosticSummary(job).some((d) => d.startsWith('7:')) ? true : undefined));
    assert.deepStrictEqual(diagnosticSummary(job), ['7:unpinned:Information'], 'its image written as $BUILD_IMAGE is reported where its value is written, not here');
    assert.deepStrictEqual(
      (await lenses(job)).filter((l) => l.line === 2),
      [],
      'no lens where the value is not written',
    );

    const editor = await open(main);
    const titles = await lensOn(main, 3, short(arm64));
    assert.deepStrictEqual(titles, [`Pin to ${short(arm64)} (linux/arm64)`, 'Pin index (multi-arch)']);
    await waitFor('the unpinned diagnostic on the value', () => (diagnosticSummary(main).includes('3:unpinned:Information') ? true : undefined));

    const result = await vscode.commands.executeCommand<{ pinned: number; result: string }>('dockerPin.pinAll');
    assert.deepStrictEqual([result.pinned, result.result], [1, 'applied']);
    assert.strictEqual(editor.document.getText(), MAIN.replace('livepipe:1.0', `livepipe:1.0@${arm64}`));
    assert.ok(!editor.document.getText().includes(amd64), 'never the configured platform');
    assert.strictEqual(readFileSync(job.fsPath, 'utf8'), JOB, 'the job file is left as it is');
  });

  it('a file a pipeline includes is read as a GitLab CI file whatever its name', async () => {
    writeWorkspaceFile('livepipeany/.git', 'gitdir: ../.git-livepipeany\n');
    writeWorkspaceFile('livepipeany/.gitlab-ci.yml', 'include:\n  - local: /ci/vars.yml\n  - local: /ci/build.yml\n');
    const vars = writeWorkspaceFile('livepipeany/ci/vars.yml', 'variables:\n  BUILD_IMAGE: livepipe:1.0\n');
    const job = writeWorkspaceFile('livepipeany/ci/build.yml', JOB);

    await open(job);
    await waitFor('the diagnostic of the image written out', () => (diagnosticSummary(job).some((d) => d.startsWith('7:')) ? true : undefined));
    assert.deepStrictEqual(diagnosticSummary(job), ['7:unpinned:Information']);
    await open(vars);
    assert.deepStrictEqual(await lensOn(vars, 1, short(arm64)), [`Pin to ${short(arm64)} (linux/arm64)`, 'Pin index (multi-arch)']);
  });

  it('a job file the main file includes only through a wildcard pattern (ci/*.yml) is read with its variables, and the main file pins the value', async () => {
    writeWorkspaceFile('livepipewild/.git', 'gitdir: ../.git-livepipewild\n');
    const main = writeWorkspaceFile('livepipewild/.gitlab-ci.yml', "include:\n  - local: 'ci/*.yml'\nvariables:\n  BUILD_IMAGE: livepipe:1.0\n");
    const job = writeWorkspaceFile('livepipewild/ci/build.yml', JOB);

    await open(job);
    await waitFor('the diagnostic of the image written out', () => (diagnosticSummary(job).some((d) => d.startsWith('7:')) ? true : undefined));
    assert.deepStrictEqual(diagnosticSummary(job), ['7:unpinned:Information'], 'its image written as $BUILD_IMAGE is reported where its value is written, not here');
    await open(main);
    assert.deepStrictEqual(await lensOn(main, 3, short(arm64)), [`Pin to ${short(arm64)} (linux/arm64)`, 'Pin index (multi-arch)']);
  });

  it('a wildcard include matching a file GitLab refuses (ci/notes.txt) is unresolved at the include in the open main file, as the CLI says; deleted, the problem goes', async () => {
    // A folder made with its files at once is reported alone, and the watcher may then never see
    // what happens inside it: each folder is made, and its creation seen, before anything goes in.
    // The file watcher also drops a file's creation and deletion that come in one batch: the
    // deletion below waits until the creation has been reported.
    const watcher = vscode.workspace.createFileSystemWatcher('{**/livepiperefused,**/livepiperefused/ci,**/livepiperefused/ci/notes.txt}', false, true, true);
    const seen = new Set<string>();
    watcher.onDidCreate((uri) => seen.add(path.basename(uri.fsPath)));
    for (const folder of ['livepiperefused', 'livepiperefused/ci']) {
      mkdirSync(path.join(testWorkspace(), folder));
      await waitFor(`the creation of ${folder} reported`, () => (seen.has(path.basename(folder)) ? true : undefined));
    }
    writeWorkspaceFile('livepiperefused/.git', 'gitdir: ../.git-livepiperefused\n');
    const main = writeWorkspaceFile('livepiperefused/.gitlab-ci.yml', "include:\n  - local: 'ci/*'\nvariables:\n  BUILD_IMAGE: livepipe:1.0\n");
    writeWorkspaceFile('livepiperefused/ci/build.yml', JOB);
    const notes = writeWorkspaceFile('livepiperefused/ci/notes.txt', 'how the jobs are split\n');

    await open(main);
    const refused = await waitFor('the refused match at the include', () => ourDiagnostics(main).find((d) => d.range.start.line === 1));
    assert.strictEqual(codeOf(refused), 'unresolved');
    assert.ok(refused.message.includes('includes ci/*, which matches ci/notes.txt, a file GitLab refuses to include'), refused.message);
    assert.ok(refused.message.includes('"Included file `ci/notes.txt` does not have YAML extension!"'), refused.message);
    // The job file the pattern matches is still read: the main file pins the value for its job's platform.
    assert.deepStrictEqual(await lensOn(main, 3, short(arm64)), [`Pin to ${short(arm64)} (linux/arm64)`, 'Pin index (multi-arch)']);

    await waitFor('the creation of ci/notes.txt reported', () => (seen.has('notes.txt') ? true : undefined)).finally(() => watcher.dispose());
    unlinkSync(notes.fsPath);
    await waitFor('the problem gone with the file', () => (ourDiagnostics(main).some((d) => d.range.start.line === 1) ? undefined : true));
  });

  // A checkout or a move brings a folder with its files at once: the file watcher reports the
  // folder, never the files in it.
  it('a folder of included files moved in at once, then out: the open main file follows, and a job file in it opened is read with its variables', async () => {
    writeWorkspaceFile('livepipemove/.git', 'gitdir: ../.git-livepipemove\n');
    const main = writeWorkspaceFile('livepipemove/.gitlab-ci.yml', "include:\n  - local: 'ci/*.yml'\nbuild:\n  image: $BUILD_IMAGE\n  script: [make]\n");
    const aside = path.join(path.dirname(testWorkspace()), 'aside-livepipemove-ci');
    mkdirSync(aside, { recursive: true });
    writeFileSync(path.join(aside, 'vars.yml'), 'variables:\n  BUILD_IMAGE: livepipe:1.0\n');
    writeFileSync(path.join(aside, 'lint.yml'), 'lint:\n  image: $BUILD_IMAGE\n  script: [lint]\n');
    const folder = path.join(path.dirname(main.fsPath), 'ci');

    await open(main);
    const alone = await waitFor('the unresolved variable', () => (diagnosticSummary(main).some((d) => d.startsWith('3:')) ? diagnosticSummary(main) : undefined));
    assert.ok(alone.some((d) => d.startsWith('3:unresolved')), JSON.stringify(alone));

    renameSync(aside, folder);
    await expectDiagnostics(main, []);
    const lint = vscode.Uri.file(path.join(folder, 'lint.yml'));
    await open(lint);
    const vars = vscode.Uri.file(path.join(folder, 'vars.yml'));
    await open(vars);
    assert.deepStrictEqual(await lensOn(vars, 1, short(amd64)), [`Pin to ${short(amd64)} (linux/amd64)`, 'Pin index (multi-arch)']);
    assert.deepStrictEqual(diagnosticSummary(lint), [], 'its image is reported where its value is written');

    await closeAllEditors();
    renameSync(folder, aside);
    await open(main);
    await waitFor('the variable unresolved again', () => (diagnosticSummary(main).some((d) => d.startsWith('3:unresolved')) ? true : undefined));
  });

  it('a job file two pipelines include with different values for its variable shows the conflict, naming both, and offers no pin', async () => {
    writeWorkspaceFile('livepipetwo/.git', 'gitdir: ../.git-livepipetwo\n');
    writeWorkspaceFile('livepipetwo/.gitlab-ci.yml', MAIN);
    writeWorkspaceFile('livepipetwo/nightly.gitlab-ci.yml', 'include:\n  - local: /ci/build.gitlab-ci.yml\nvariables:\n  BUILD_IMAGE: livepipe:2.0\n');
    const job = writeWorkspaceFile('livepipetwo/ci/build.gitlab-ci.yml', JOB);

    await open(job);
    const conflict = await waitFor('the conflict diagnostic', () => ourDiagnostics(job).find((d) => d.range.start.line === 2 && d.message.startsWith('conflict ')));
    assert.ok(
      conflict.message.startsWith(
        'conflict "$BUILD_IMAGE" (job build): the pipelines that include this file read it as different images, $BUILD_IMAGE is "livepipe:1.0" (set in livepipetwo/.gitlab-ci.yml) in the pipeline of livepipetwo/.gitlab-ci.yml and "livepipe:2.0" (set in livepipetwo/nightly.gitlab-ci.yml) in the pipeline of livepipetwo/nightly.gitlab-ci.yml, and one digest cannot pin them all',
      ),
      conflict.message,
    );
    const onConflict = (await lenses(job)).filter((l) => l.line === 2);
    assert.ok(!onConflict.some((l) => l.title.startsWith('Pin')), JSON.stringify(onConflict));
  });
});
