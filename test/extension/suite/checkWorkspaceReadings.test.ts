// Check Workspace reads the workspace's files the way the CLI's `check .` reads a tree: a Dockerfile
// a compose service builds is read as that build reads it (its args), a compose file another one
// includes is read with the including project's .env (one another extends, that service with the
// extending project's), a Dockerfile a Makefile recipe or a shell script builds as that recipe or script builds it (a
// makefile a Makefile includes read only as part of that Makefile), and a line two readings name differently is one conflict. Closed files, real registry, real VS Code.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { pushImage } from '../../support/push';
import { activateExtension, childFor, closeAllEditors, codeOf, openUri, ourDiagnostics, registry, short, waitFor, writeWorkspaceFile } from './helpers';

describe('Check Workspace: files read as their builds and includes read them', () => {
  // Images no other suite names: answers cached here cannot stand in for another suite's pushes.
  let base: string;
  let cache: string;

  before(async () => {
    const reg = registry('public');
    base = childFor((await pushImage(reg, 'library/buildbase', '3.20', { platforms: ['linux/amd64', 'linux/arm64'] })).children, 'linux/amd64').digest;
    cache = childFor((await pushImage(reg, 'library/cachestore', '7.4', { platforms: ['linux/amd64'] })).children, 'linux/amd64').digest;
    await activateExtension();
    await closeAllEditors();
  });

  afterEach(closeAllEditors);

  /** The check's diagnostics on `line` as `code: message`. */
  function said(uri: vscode.Uri, line: number): string[] {
    return ourDiagnostics(uri)
      .filter((d) => d.range.start.line === line)
      .map((d) => `${codeOf(d)}: ${d.message}`);
  }

  it("a compose-built Dockerfile's FROM $BASE is checked as the build reads it, and an included file's ${TAG} comes from the including project's .env", async () => {
    const dockerfile = writeWorkspaceFile('readings/app/Dockerfile', 'ARG BASE\nFROM $BASE\nRUN true\n');
    writeWorkspaceFile('readings/compose.yaml', 'include:\n  - cache/compose.yaml\nservices:\n  app:\n    build:\n      context: app\n      args:\n        BASE: buildbase:3.20\n');
    writeWorkspaceFile('readings/.env', 'TAG=7.4\n');
    const included = writeWorkspaceFile('readings/cache/compose.yaml', 'services:\n  cache:\n    image: cachestore:${TAG}\n');
    await vscode.commands.executeCommand('dockerPin.checkWorkspace');

    const from = said(dockerfile, 1);
    const unpinned = from.find((s) => s.startsWith('unpinned: '));
    assert.ok(unpinned, `no unpinned diagnostic on FROM $BASE: ${JSON.stringify(from)}`);
    // The CLI's words for the line as the build reads it, with the build named.
    assert.ok(unpinned.startsWith(`unpinned: unpinned buildbase:3.20 (would pin ${base}`), unpinned);
    assert.ok(unpinned.endsWith(') (as service app in readings/compose.yaml builds it)'), unpinned);
    // Read directly no build arg gives BASE a value, but the build reading the line gives it: nothing unresolved, as the CLI says.
    assert.ok(!from.some((s) => s.startsWith('unresolved-variable: ')), JSON.stringify(from));

    // Read alone the included file has no TAG; read as its includer reads it, it names cachestore:7.4.
    const found = said(included, 2);
    assert.deepStrictEqual(found.map((s) => s.split(':')[0]), ['unpinned'], JSON.stringify(found));
    assert.ok(found[0].includes(`A pin would write ${short(cache)} (linux/amd64)`), found[0]);
  });

  it('a Dockerfile line its readings name differently is one conflict, with every reading named', async () => {
    const dockerfile = writeWorkspaceFile('readings/conflict/Dockerfile', 'ARG BASE=buildbase:3.19\nFROM ${BASE}\n');
    writeWorkspaceFile('readings/conflict/compose.yaml', 'services:\n  web:\n    build:\n      context: .\n      args:\n        BASE: buildbase:3.20\n');
    await vscode.commands.executeCommand('dockerPin.checkWorkspace');
    const from = said(dockerfile, 1);
    assert.strictEqual(from.length, 1, JSON.stringify(from));
    assert.ok(
      from[0].startsWith(
        'skipped: conflict "${BASE}": its readings name different images, buildbase:3.19 (read directly) and buildbase:3.20 (as service web in readings/conflict/compose.yaml builds it), and one digest cannot pin them all',
      ),
      from[0],
    );
  });

  it('opening a checked file keeps what only the check could say, beside the live diagnostics, until it is edited', async () => {
    // A tag the build gives in an arg (a whole image it gives is read live as the build gives it).
    const dockerfile = writeWorkspaceFile('readings/opened/Dockerfile', 'ARG TAG\nFROM buildbase:$TAG\n');
    writeWorkspaceFile('readings/opened/compose.yaml', 'services:\n  api:\n    build:\n      context: .\n      args:\n        TAG: "3.20"\n');
    await vscode.commands.executeCommand('dockerPin.checkWorkspace');
    const asBuilt = (s: string) => s.startsWith('unpinned: ') && s.endsWith('(as service api in readings/opened/compose.yaml builds it)');
    assert.ok(said(dockerfile, 1).some(asBuilt), JSON.stringify(said(dockerfile, 1)));

    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(dockerfile));
    // The live diagnostics read the document alone (TAG has no value there); the build's reading stays beside them, once.
    const open = await waitFor('the live diagnostics beside the check', () => {
      const now = said(dockerfile, 1);
      return now.some((s) => s.startsWith('unresolved-variable: ')) && now.some(asBuilt) ? now : undefined;
    });
    assert.strictEqual(open.filter(asBuilt).length, 1, JSON.stringify(open));
    assert.strictEqual(open.filter((s) => s.startsWith('unresolved-variable: ')).length, 1, JSON.stringify(open));

    // Edited, the check no longer speaks for the text: only the live diagnostics remain.
    await editor.edit((edit) => edit.insert(new vscode.Position(2, 0), 'RUN true\n'));
    await waitFor('the check results of the edited file to go', () => (said(dockerfile, 1).some(asBuilt) ? undefined : true));
    assert.ok(said(dockerfile, 1).some((s) => s.startsWith('unresolved-variable: ')), JSON.stringify(said(dockerfile, 1)));
  });

  it("a file open when the check runs gets the check's other readings beside its live diagnostics", async () => {
    const dockerfile = writeWorkspaceFile('readings/already/Dockerfile', 'ARG BASE=buildbase:3.19\nFROM ${BASE}\n');
    writeWorkspaceFile('readings/already/compose.yaml', 'services:\n  job:\n    build:\n      context: .\n      args:\n        BASE: buildbase:3.20\n');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(dockerfile));
    await vscode.commands.executeCommand('dockerPin.checkWorkspace');
    const now = await waitFor('the conflict on the open file', () => {
      const found = said(dockerfile, 1);
      return found.some((s) => s.startsWith('skipped: conflict ')) ? found : undefined;
    });
    assert.strictEqual(now.filter((s) => s.startsWith('skipped: conflict ')).length, 1, JSON.stringify(now));
  });

  it('a compose file two projects include with different env files: a line they name differently is one conflict naming each including file', async () => {
    writeWorkspaceFile('readings/two/compose.a.yaml', 'include:\n  - path: shared/stack.yaml\n    env_file: a.env\nservices: {}\n');
    writeWorkspaceFile('readings/two/compose.b.yaml', 'include:\n  - path: shared/stack.yaml\n    env_file: b.env\nservices: {}\n');
    writeWorkspaceFile('readings/two/a.env', 'CACHE=cachestore:7.4\n');
    writeWorkspaceFile('readings/two/b.env', 'CACHE=cachestore:7.3\n');
    const shared = writeWorkspaceFile('readings/two/shared/stack.yaml', 'services:\n  cache:\n    image: ${CACHE}\n');
    await vscode.commands.executeCommand('dockerPin.checkWorkspace');
    const found = said(shared, 2);
    assert.strictEqual(found.length, 1, JSON.stringify(found));
    assert.ok(
      found[0].startsWith(
        'skipped: conflict "${CACHE}": its readings name different images, cachestore:7.4 (as readings/two/compose.a.yaml includes it) and cachestore:7.3 (as readings/two/compose.b.yaml includes it), and one digest cannot pin them all',
      ),
      found[0],
    );
  });

  it('a compose file two projects extend with different .env files: a line they name differently is one conflict naming each extending file', async () => {
    for (const project of ['a', 'b']) writeWorkspaceFile(`readings/ext/${project}/compose.yaml`, 'services:\n  web:\n    extends: {file: ../shared/services.yml, service: cache}\n');
    writeWorkspaceFile('readings/ext/a/.env', 'CACHE=cachestore:7.4\n');
    writeWorkspaceFile('readings/ext/b/.env', 'CACHE=cachestore:7.3\n');
    const shared = writeWorkspaceFile('readings/ext/shared/services.yml', 'services:\n  cache:\n    image: ${CACHE}\n');
    await vscode.commands.executeCommand('dockerPin.checkWorkspace');
    const found = said(shared, 2).filter((s) => s.startsWith('skipped: conflict '));
    assert.strictEqual(found.length, 1, JSON.stringify(said(shared, 2)));
    assert.ok(
      found[0].startsWith(
        'skipped: conflict "${CACHE}": its readings name different images, cachestore:7.4 (as readings/ext/a/compose.yaml extends it) and cachestore:7.3 (as readings/ext/b/compose.yaml extends it), and one digest cannot pin them all',
      ),
      found[0],
    );
  });

  it('a GitLab include written as a wildcard pattern: the files it matches are read with the pipeline, one matching nothing is unresolved at its line, as the CLI says', async () => {
    writeWorkspaceFile('readings/wildcard/.git', 'gitdir: ../.git-readings-wildcard\n');
    const main = writeWorkspaceFile('readings/wildcard/.gitlab-ci.yml', "include:\n  - local: 'ci/**.yml'\n  - local: 'ci/none/*.yml'\nvariables:\n  BASE: buildbase:3.20\n");
    const job = writeWorkspaceFile('readings/wildcard/ci/jobs/build.yml', 'build:\n  image: $BASE\n  script: [make]\n');
    await vscode.commands.executeCommand('dockerPin.checkWorkspace');

    const pattern = said(main, 2);
    assert.ok(
      pattern.some((s) => s.includes('.gitlab-ci.yml includes ci/none/*.yml, which matches no .yml or .yaml file in the repository (') && s.includes('GitLab includes nothing for it')),
      JSON.stringify(pattern),
    );
    assert.deepStrictEqual(said(main, 1), [], 'the pattern that matches is no problem');
    // The job's image is its pipeline's value: reported where that value is written, not unresolved here.
    assert.deepStrictEqual(said(job, 1), []);
    const value = said(main, 4);
    assert.ok(value.some((s) => s.startsWith('unpinned: buildbase:3.20 is not pinned') && s.includes(`A pin would write ${short(base)} (linux/amd64)`)), JSON.stringify(value));
  });

  it("a Dockerfile a Makefile recipe builds is checked as that build reads it, and a --platform make alone cannot tell is unresolved at the recipe, as the CLI says", async () => {
    const dockerfile = writeWorkspaceFile('readings/make/Dockerfile', 'ARG TAG\nFROM buildbase:$TAG\n');
    const makefile = writeWorkspaceFile(
      'readings/make/Makefile',
      ['image:', '\tdocker build --build-arg TAG=3.20 -t app .', 'release:', '\tdocker buildx build --platform $(RELEASE_PLATFORMS) -t app .', ''].join('\n'),
    );
    await vscode.commands.executeCommand('dockerPin.checkWorkspace');

    const from = said(dockerfile, 1);
    const unpinned = from.find((s) => s.startsWith('unpinned: '));
    assert.ok(unpinned?.startsWith(`unpinned: unpinned buildbase:3.20 (would pin ${base}`) && unpinned.endsWith('in readings/make/Makefile builds it)'), JSON.stringify(from));
    const release = said(makefile, 3);
    assert.ok(release.some((s) => s.includes('the --platform of the docker build command of the recipe of release in the Makefile is known only when make runs')), JSON.stringify(release));
  });

  it("an open makefile a Makefile includes (dapr's docker/docker.mk) is read only as part of that Makefile, as the CLI reads it: nothing said of it alone; the Makefile says the included build's problem at its include line, naming docker.mk's line", async () => {
    writeWorkspaceFile('readings/mkinc/.git', 'gitdir: ../.git-readings-mkinc\n');
    const makefile = writeWorkspaceFile('readings/mkinc/Makefile', ['TARGET_OS ?= linux', 'PLATFORMS = $(TARGET_OS)/amd64', 'TAG = 3.20', 'include docker/docker.mk', ''].join('\n'));
    const included = writeWorkspaceFile(
      'readings/mkinc/docker/docker.mk',
      [
        'DOCKERFILE_DIR ?= ./docker',
        'docker-build:',
        '\tdocker buildx build --platform $(PLATFORMS) --build-arg TAG=$(TAG) -f $(DOCKERFILE_DIR)/Dockerfile .',
        'docker-tools:',
        '\tdocker buildx build --platform $(TOOLS_PLATFORMS) -f $(DOCKERFILE_DIR)/Dockerfile.tools .',
        '',
      ].join('\n'),
    );
    const dockerfile = writeWorkspaceFile('readings/mkinc/docker/Dockerfile', 'ARG TAG\nFROM buildbase:$TAG\n');
    const tools = writeWorkspaceFile('readings/mkinc/docker/Dockerfile.tools', 'FROM buildbase:3.20\n');
    await openUri(included);
    await openUri(makefile);
    await vscode.commands.executeCommand('dockerPin.checkWorkspace');

    // Read alone, docker.mk's builds (their folder and PLATFORMS unknown there) would be unresolved at its lines.
    assert.deepStrictEqual(ourDiagnostics(included).map((d) => `${d.range.start.line}: ${d.message}`), []);
    const include = said(makefile, 3);
    assert.strictEqual(include.length, 1, JSON.stringify(ourDiagnostics(makefile).map((d) => `${d.range.start.line}: ${codeOf(d)}: ${d.message}`)));
    assert.match(include[0], /^unresolved-variable: readings\/mkinc\/docker\/docker\.mk:5: the --platform of the docker build command of the recipe of docker-tools in readings\/mkinc\/docker\/docker\.mk, which the Makefile includes, is known only when make runs/);
    assert.deepStrictEqual(ourDiagnostics(makefile).filter((d) => d.range.start.line !== 3), []);
    // The build the Makefile's variables complete (TAG, PLATFORMS) is read from its folder, for its platform.
    assert.ok(said(dockerfile, 1).some((s) => s.startsWith(`unpinned: unpinned buildbase:3.20 (would pin ${base}`) && s.endsWith('in readings/mkinc/Makefile builds it)')), JSON.stringify(said(dockerfile, 1)));
    // Open, the Dockerfile the hidden build makes is told of it once, at docker.mk's line (not again as docker.mk alone would tell it).
    await openUri(tools);
    const told = await waitFor('the included build told at the top', () => {
      const top = ourDiagnostics(tools).filter((d) => d.range.start.line === 0 && d.range.start.character === 0 && d.message.includes(' builds this Dockerfile'));
      return top.length > 0 ? top : undefined;
    });
    assert.strictEqual(told.length, 1, JSON.stringify(told.map((d) => d.message)));
    assert.match(told[0].message, /^the docker build command of the recipe of docker-tools in readings\/mkinc\/docker\/docker\.mk, which the Makefile includes, in readings\/mkinc\/Makefile builds this Dockerfile/);
  });

  it("a Dockerfile a shell script builds from its own folder is checked as that build reads it, and a build for two platforms from the caller's folder is unresolved at the script's line, as the CLI says", async () => {
    // A repository of its own: its release script may build any Dockerfile of it, and an open one is told so (toldAlone.ts).
    writeWorkspaceFile('readings/sh/.git', 'gitdir: ../.git-readings-sh\n');
    const dockerfile = writeWorkspaceFile('readings/sh/Dockerfile', 'ARG TAG\nFROM buildbase:$TAG\n');
    writeWorkspaceFile('readings/sh/scripts/build-image.sh', ['#!/bin/sh', 'cd "$(dirname "$0")/.."', 'docker build --build-arg TAG=3.20 -t app .', ''].join('\n'));
    const release = writeWorkspaceFile('readings/sh/release.sh', ['#!/bin/sh', 'docker buildx build --platform linux/amd64,linux/arm64 -t app --push .', ''].join('\n'));
    await vscode.commands.executeCommand('dockerPin.checkWorkspace');

    const from = said(dockerfile, 1);
    const unpinned = from.find((s) => s.startsWith('unpinned: '));
    assert.ok(unpinned?.startsWith(`unpinned: unpinned buildbase:3.20 (would pin ${base}`) && unpinned.endsWith('in readings/sh/scripts/build-image.sh builds it)'), JSON.stringify(from));
    const line = said(release, 1);
    assert.ok(line.some((s) => s.startsWith('unresolved') && s.includes('the docker build command on line 2 of the script runs in a folder known only when the script runs')), JSON.stringify(line));
  });

  it("a problem about an included file (missing, outside the repository, a pattern matching nothing, or one matching a file GitLab refuses) has the CLI's code, unresolved, not a variable's", async () => {
    writeWorkspaceFile('readings/incl/.git', 'gitdir: ../.git-readings-incl\n');
    const main = writeWorkspaceFile(
      'readings/incl/.gitlab-ci.yml',
      "include:\n  - local: ci/missing.yml\n  - local: '../elsewhere/*.yml'\n  - local: 'ci/none/*.yml'\n  - local: 'ci/*'\nbuild:\n  image: $NOWHERE\n  script: [make]\n",
    );
    writeWorkspaceFile('readings/incl/ci/notes.txt', 'how the jobs are split\n');
    const lint = writeWorkspaceFile('readings/incl/ci/lint.yml', 'lint:\n  image: buildbase:3.20\n  script: [lint]\n');
    await vscode.commands.executeCommand('dockerPin.checkWorkspace');

    const codes = [1, 2, 3, 4, 6].map((line) => said(main, line).map((s) => s.split(':')[0]));
    // The CLI's JSON and SARIF say `unresolved` of each include; only the image written as a variable without a value is one.
    assert.deepStrictEqual(codes, [['unresolved'], ['unresolved'], ['unresolved'], ['unresolved'], ['unresolved-variable']], JSON.stringify([1, 2, 3, 4, 6].map((line) => said(main, line))));
    assert.ok(said(main, 1)[0].includes('.gitlab-ci.yml names ci/missing.yml, which does not exist'), said(main, 1)[0]);
    assert.ok(said(main, 2)[0].includes('which lies outside the repository'), said(main, 2)[0]);
    assert.ok(said(main, 3)[0].includes('which matches no .yml or .yaml file in the repository'), said(main, 3)[0]);
    const refused = said(main, 4)[0];
    assert.ok(refused.includes('includes ci/*, which matches ci/notes.txt, a file GitLab refuses to include'), refused);
    assert.ok(refused.includes('"Included file `ci/notes.txt` does not have YAML extension!"'), refused);
    // The YAML file the pattern matches is still read.
    assert.ok(said(lint, 1).some((s) => s.startsWith('unpinned: buildbase:3.20 is not pinned')), JSON.stringify(said(lint, 1)));
  });
});
