import * as assert from 'node:assert/strict';
import { scanDevcontainer } from '../../../src/core/sources/devcontainer';
import { D1, pinAll, problemViews, views } from './helpers';

// As the dev container templates write them: tabs, comments of both kinds, trailing commas,
// features keyed by OCI references that are not images.
const IMAGE_CONFIG = `// For format details, see https://aka.ms/devcontainer.json.
{
\t"name": "Python 3",
\t// Or use a Dockerfile or Docker Compose file.
\t"image": "mcr.microsoft.com/devcontainers/python:1-3.12-bookworm", // the base
\t"features": {
\t\t"ghcr.io/devcontainers/features/node:1": { "version": "lts" },
\t\t"ghcr.io/devcontainers/features/docker-in-docker:2": {},
\t},
\t/* "forwardPorts": [8000], */
\t"postCreateCommand": "pip3 install --user -r requirements.txt",
\t"customizations": {
\t\t"vscode": { "extensions": ["ms-python.python",], },
\t},
}
`;

const BUILD_CONFIG = `{
  "name": "Go",
  "build": {
    // Path is relative to the devcontainer.json file.
    "dockerfile": "../docker/Dockerfile.dev",
    "context": "..",
    "args": {
      "VARIANT": "1.22-bookworm",
      "NODE_VERSION": "lts/*",
      "USER_UID": "\${localEnv:UID:1000}",
    },
    "target": "dev",
    "options": ["--platform=linux/arm64", "--network", "host"],
  },
  "runArgs": ["--cap-add=SYS_PTRACE"],
}
`;

describe('core/sources/devcontainer', () => {
  it('finds the image and never the features, which are OCI artifacts', () => {
    const result = scanDevcontainer(IMAGE_CONFIG);
    assert.deepEqual(views(IMAGE_CONFIG, result), [
      {
        source: 'image',
        written: '"mcr.microsoft.com/devcontainers/python:1-3.12-bookworm"',
        expanded: 'mcr.microsoft.com/devcontainers/python:1-3.12-bookworm',
        line: 5,
      },
    ]);
    assert.equal(result.images[0].fileKind, 'devcontainer');
    assert.deepEqual(result.problems, []);
  });

  it('pins inside the quotes, keeping comments, tabs and trailing commas', () => {
    const pinned = pinAll(IMAGE_CONFIG, scanDevcontainer(IMAGE_CONFIG), D1);
    assert.equal(pinned, IMAGE_CONFIG.replace('python:1-3.12-bookworm"', `python:1-3.12-bookworm@${D1}"`));
    assert.equal(pinAll(pinned, scanDevcontainer(pinned), D1), pinned);
  });

  it('returns the Dockerfile it builds with its args, target, context and --platform for the engine to scan', () => {
    const result = scanDevcontainer(BUILD_CONFIG);
    assert.deepEqual(result.images, []);
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.builds, [
      {
        dockerfile: '../docker/Dockerfile.dev',
        context: '..',
        buildArgs: new Map([
          ['VARIANT', '1.22-bookworm'],
          ['NODE_VERSION', 'lts/*'],
        ]),
        unknownArgs: new Map([
          [
            'USER_UID',
            'build arg USER_UID holds the dev container variable ${localEnv:UID:1000}, whose value is known only on the machine that opens the container',
          ],
        ]),
        // Where each arg is given: a pin that belongs there names the line.
        argLines: new Map([
          ['VARIANT', 8],
          ['NODE_VERSION', 9],
          ['USER_UID', 10],
        ]),
        target: 'dev',
        platforms: [{ os: 'linux', architecture: 'arm64' }],
        range: { start: { line: 4, character: 18 }, end: { line: 4, character: 44 } },
        line: 5,
      },
    ]);
  });

  it('the legacy top-level dockerFile and context win over build, as in the devcontainers CLI', () => {
    const text = '{ "dockerFile": "Dockerfile", "context": "..", "build": { "dockerfile": "Other", "args": { "A": "1" } } }';
    const [build] = scanDevcontainer(text).builds ?? [];
    assert.equal(build.dockerfile, 'Dockerfile');
    assert.equal(build.context, '..');
    assert.deepEqual(build.buildArgs, new Map([['A', '1']]));
  });

  it('a build without context builds in the config\'s folder', () => {
    const [build] = scanDevcontainer('{"build": {"dockerfile": "Dockerfile"}}').builds ?? [];
    assert.equal(build.context, '.');
    assert.equal(build.target, undefined);
  });

  it('returns the compose files it names, one or a list', () => {
    const one = scanDevcontainer('{ "dockerComposeFile": "docker-compose.yml", "service": "app" }');
    assert.deepEqual(
      one.linked?.map((l) => [l.path, l.kind, l.relativeTo, l.line]),
      [['docker-compose.yml', 'compose', 'file', 1]],
    );
    const list = scanDevcontainer('{\n  "dockerComposeFile": [\n    "../compose.yaml",\n    "compose.devcontainer.yaml",\n  ],\n}');
    assert.deepEqual(
      list.linked?.map((l) => [l.path, l.line]),
      [
        ['../compose.yaml', 3],
        ['compose.devcontainer.yaml', 4],
      ],
    );
  });

  it('an image holding a dev container variable is unresolved, with its name and the way out', () => {
    const text = '{ "image": "ghcr.io/acme/dev:${localEnv:DEV_TAG}" }';
    const result = scanDevcontainer(text);
    assert.deepEqual(result.images, []);
    const [problem] = problemViews(text, result.problems);
    assert.equal(problem.kind, 'unresolved');
    assert.equal(problem.written, 'ghcr.io/acme/dev:${localEnv:DEV_TAG}');
    assert.equal(result.problems[0].range.start.character, 12, 'the value starts after its quote');
    assert.match(problem.message, /\$\{localEnv:DEV_TAG\}.*known only on the machine that opens the container.*--allow-unresolved/);
  });

  it("a template's option is unresolved as the option it is, filled in when the template is applied", () => {
    const text = '{ "image": "mcr.microsoft.com/devcontainers/go:2-${templateOption:imageVariant}" }';
    const [problem] = scanDevcontainer(text).problems;
    assert.equal(problem.kind, 'unresolved');
    assert.match(problem.message, /template option \$\{templateOption:imageVariant\}, whose value is filled in when the template is applied to a project/);
  });

  it('an image written with JSON escapes is skipped: an insertion could land inside an escape', () => {
    const text = '{ "image": "alpine\\u003a3.20" }';
    const [problem] = scanDevcontainer(text).problems;
    assert.equal(problem.kind, 'skipped');
    assert.match(problem.message, /escapes/);
  });

  it('an image already pinned carries where its digest is written', () => {
    const text = `{ "image": "alpine:3.20@${D1}" }`;
    const [occ] = views(text, scanDevcontainer(text));
    assert.equal(occ.digest, `@${D1}`);
  });

  it('broken JSON is reported where it breaks and what can be read is still read', () => {
    const text = '{\n  "image": "alpine:3.20",\n  "name": \n}\n';
    const result = scanDevcontainer(text);
    assert.deepEqual(
      result.images.map((occ) => occ.expanded),
      ['alpine:3.20'],
    );
    const [problem] = problemViews(text, result.problems);
    assert.equal(problem.kind, 'invalid');
    assert.equal(problem.line, 4);
    assert.match(problem.message, /not valid JSON with comments here \(ValueExpected\)/);
  });

  it('an invalid --platform in build.options is reported at its word', () => {
    const text = '{ "build": { "dockerfile": "Dockerfile", "options": ["--platform", "linux//arm64"] } }';
    const result = scanDevcontainer(text);
    assert.deepEqual(result.builds?.[0].platforms, []);
    assert.match(result.problems[0].message, /build\.options: invalid platform "linux\/\/arm64"/);
  });

  it("the image is for the --platform of runArgs, the last one as docker run reads its flags, in both forms", () => {
    const platformOf = (runArgs: string) => scanDevcontainer(`{ "image": "node:20", "runArgs": ${runArgs} }`).images.map((occ) => occ.platform);
    assert.deepEqual(platformOf('["--platform=linux/amd64", "--init"]'), [{ os: 'linux', architecture: 'amd64' }]);
    assert.deepEqual(platformOf('["--cap-add=SYS_PTRACE", "--platform", "linux/arm64"]'), [{ os: 'linux', architecture: 'arm64' }]);
    assert.deepEqual(platformOf('["--platform=linux/arm64", "--platform=linux/amd64"]'), [{ os: 'linux', architecture: 'amd64' }]);
    assert.deepEqual(platformOf('["--init"]'), [undefined]);
    // A dev container variable there is known only where the container opens: said, and the configured platform used.
    const text = '{ "image": "node:20", "runArgs": ["--platform=${localEnv:PLATFORM}"] }';
    const result = scanDevcontainer(text);
    assert.deepEqual(result.images.map((occ) => occ.platform), [undefined]);
    assert.deepEqual(problemViews(text, result.problems).map((p) => [p.kind, p.written]), [['unresolved', '--platform=${localEnv:PLATFORM}']]);
    assert.match(result.problems[0].message, /the --platform of runArgs holds the dev container variable \$\{localEnv:PLATFORM\}/);
  });

  it('CRLF and an empty file', () => {
    const crlf = IMAGE_CONFIG.replace(/\n/g, '\r\n');
    assert.deepEqual(views(crlf, scanDevcontainer(crlf)), views(IMAGE_CONFIG, scanDevcontainer(IMAGE_CONFIG)));
    assert.deepEqual(scanDevcontainer(''), { images: [], problems: [] });
  });
});
