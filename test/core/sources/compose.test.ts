import * as assert from 'node:assert/strict';
import { composeBuilds, composeEnvironment, scanCompose, servicePlatformsWritten } from '../../../src/core/sources/compose';
import type { ComposeScanOptions } from '../../../src/core/sources/compose';
import { parseDotEnv } from '../../../src/core/sources/dotenv';
import { pinEdit } from '../../../src/core/pin';
import type { ImageOccurrence, Range, ScanProblem } from '../../../src/core/types';
import { SHOP_COMPOSE, SHOP_DOT_ENV } from './compose.fixtures';
import { at } from './helpers';
import { platformName, view } from './views';

const D = `sha256:${'4'.repeat(64)}`;

/** What a user sees of one occurrence, with its expanded value. */
function expandedView(text: string, occ: ImageOccurrence) {
  return { ...view(text, occ), expanded: occ.expanded };
}

function problems(list: readonly ScanProblem[]) {
  return list.map((p) => ({ kind: p.kind, line: p.range.start.line + 1, message: p.message }));
}

describe('compose source', () => {
  describe('a whole project: anchors, merges, interpolation, .env, builds, profiles', () => {
    const env = composeEnvironment({}, parseDotEnv(SHOP_DOT_ENV));
    const scan = scanCompose(SHOP_COMPOSE, { env });

    it('finds every image pulled, once per place it is written, and nothing else', () => {
      assert.deepEqual(
        scan.images.map((occ) => expandedView(SHOP_COMPOSE, occ)),
        [
          {
            source: 'image',
            written: '${WORKER_IMAGE:-ghcr.io/shop/worker:2.4.1}',
            expanded: 'ghcr.io/shop/worker:2.4.1',
            line: 14,
            platforms: ['configured', 'linux/arm64'],
          },
          { source: 'image', written: '"$SEARCH_IMAGE"', expanded: 'docker.elastic.co/elasticsearch/elasticsearch:8.15.0', line: 21 },
          { source: 'image', written: '"traefik:v3.1"', expanded: 'traefik:v3.1', line: 28 },
          { source: 'image', written: "'postgres:16.4-bookworm'", expanded: 'postgres:16.4-bookworm', line: 36, platform: 'linux/amd64' },
          { source: 'image', written: 'redis:7.4-alpine', expanded: 'redis:7.4-alpine', line: 44, platform: 'linux/arm64' },
          {
            source: 'image',
            written: `rabbitmq:3.13-management@${D}`,
            expanded: `rabbitmq:3.13-management@${D}`,
            line: 48,
            digest: `@${D}`,
          },
          {
            source: 'additional-context',
            written: 'ghcr.io/shop/assets:${ASSETS_TAG:-2025.01}',
            expanded: 'ghcr.io/shop/assets:2025.02',
            line: 81,
            platforms: ['linux/amd64', 'linux/arm64'],
          },
          { source: 'image', written: 'nginx', expanded: 'nginx', line: 110 },
        ],
      );
      assert.deepEqual(problems(scan.problems), []);
      assert.ok(scan.images.every((occ) => occ.fileKind === 'compose'));
    });

    it('gives a built service\'s image, and a service running that built image, no record', () => {
      const names = scan.images.map((occ) => occ.expanded);
      assert.ok(!names.includes('shop-web:dev'));
      assert.ok(!names.some((name) => name.startsWith('registry.example.com/shop/jobs')));
    });

    it('puts the pin of an image written as one variable where its value is written', () => {
      const worker = scan.images[0].valueAt;
      assert.ok(worker);
      assert.equal(worker.name, 'WORKER_IMAGE');
      assert.equal(worker.file, undefined);
      assert.equal(at(SHOP_COMPOSE, worker.range), 'ghcr.io/shop/worker:2.4.1');
      assert.deepEqual(worker.platforms.map(platformName), ['configured', 'linux/arm64']);

      const search = scan.images[1].valueAt;
      assert.ok(search);
      assert.equal(search.name, 'SEARCH_IMAGE');
      assert.equal(search.file, 'env-file');
      assert.equal(at(SHOP_DOT_ENV, search.range), 'docker.elastic.co/elasticsearch/elasticsearch:8.15.0');
      assert.equal(search.text, 'docker.elastic.co/elasticsearch/elasticsearch:8.15.0');
      assert.deepEqual(search.platforms.map(platformName), ['configured', 'configured']);

      assert.ok(scan.images.slice(2).every((occ) => occ.valueAt === undefined && occ.valueRefused === undefined));
    });

    it('reports what each build needs to check its Dockerfile', () => {
      const { builds, problems: found } = composeBuilds(SHOP_COMPOSE, { env });
      assert.deepEqual(found, []);
      const summary = builds.map((b) => ({
        service: b.service,
        line: b.line,
        build: at(SHOP_COMPOSE, b.buildRange),
        named: at(SHOP_COMPOSE, b.range),
        context: b.context,
        dockerfile: b.dockerfile,
        inline: b.dockerfileInline?.text,
        args: Object.fromEntries(b.buildArgs),
        target: b.target,
        platforms: b.platforms.map(platformName),
        image: b.image,
        pullPolicy: b.pullPolicy,
      }));
      assert.deepEqual(summary, [
        {
          service: 'web',
          line: 74,
          build: 'build',
          named: 'docker/Dockerfile.web',
          context: './web',
          dockerfile: './web/docker/Dockerfile.web',
          inline: undefined,
          args: { NODE_VERSION: '22', BASE_IMAGE: 'node:22-bookworm-slim', APP_ENV: 'production' },
          target: 'runtime',
          platforms: ['linux/amd64', 'linux/arm64'],
          image: 'shop-web:dev',
          pullPolicy: undefined,
        },
        {
          service: 'shared',
          line: 94,
          build: 'build',
          named: 'build',
          context: './shared',
          dockerfile: './shared/Dockerfile',
          inline: undefined,
          args: {},
          target: undefined,
          platforms: [],
          image: undefined,
          pullPolicy: 'build',
        },
        {
          service: 'jobs',
          line: 98,
          build: 'build',
          named: 'build',
          context: '.',
          dockerfile: undefined,
          inline: 'FROM python:3.12-slim\nRUN pip install shop-jobs\n',
          args: { PYTHON_VERSION: '3.12' },
          target: undefined,
          platforms: [],
          image: 'registry.example.com/shop/jobs:latest',
          pullPolicy: 'missing',
        },
      ]);
      assert.match(at(SHOP_COMPOSE, builds[2].dockerfileInline?.range as Range), /^\|\n\s+FROM python/);
    });

    it('reads the same project written with CRLF line breaks at the same places', () => {
      const crlf = SHOP_COMPOSE.replace(/\n/g, '\r\n');
      const again = scanCompose(crlf, { env });
      assert.deepEqual(
        again.images.map((occ) => expandedView(crlf, occ)),
        scan.images.map((occ) => expandedView(SHOP_COMPOSE, occ)),
      );
    });
  });

  describe('interpolation', () => {
    const scan = (text: string, options: ComposeScanOptions = {}) => scanCompose(text, options);

    it('an unset variable without default is unresolved, named, with the fix', () => {
      const result = scan('services:\n  app:\n    image: ghcr.io/acme/app:${APP_TAG}\n');
      assert.deepEqual(result.images, []);
      assert.equal(result.problems.length, 1);
      assert.equal(result.problems[0].kind, 'unresolved');
      assert.equal(result.problems[0].text, 'ghcr.io/acme/app:${APP_TAG}');
      assert.match(result.problems[0].message, /APP_TAG is not set and has no default: set APP_TAG in the environment or the \.env file/);
    });

    it('a quoted image that cannot be worked out is reported at its value, inside the quotes, as a found image is', () => {
      for (const quoted of ['"${APP_IMAGE}"', "'${APP_IMAGE}'"]) {
        const [problem] = scan(`services:\n  app:\n    image: ${quoted}\n`).problems;
        assert.equal(problem.text, '${APP_IMAGE}');
        assert.deepEqual(problem.range, { start: { line: 2, character: 12 }, end: { line: 2, character: 24 } });
      }
    });

    it('a required variable says its own message', () => {
      const result = scan('services:\n  app:\n    image: "${APP_IMAGE:?pick an image}"\n');
      assert.match(result.problems[0].message, /APP_IMAGE is required but not set: pick an image/);
    });

    it('takes values from the environment before the .env file', () => {
      const env = composeEnvironment(new Map([['TAG', '3.21']]), parseDotEnv('TAG=3.20\nREG=docker.io/library\n'));
      const result = scan('services:\n  a:\n    image: ${REG}/alpine:${TAG}\n', { env });
      assert.equal(result.images[0].expanded, 'docker.io/library/alpine:3.21');
      assert.deepEqual(result.images[0].variables, ['REG', 'TAG']);
    });

    it('an image from an .env value built from an unset variable is unresolved', () => {
      const env = composeEnvironment({}, parseDotEnv('IMAGE=${REGISTRY}/app:1\n'));
      const result = scan('services:\n  a:\n    image: $IMAGE\n', { env });
      assert.equal(result.problems[0].kind, 'unresolved');
      assert.match(result.problems[0].message, /REGISTRY is not set/);
    });

    it('$$ is a literal dollar, never a variable', () => {
      const result = scan('services:\n  a:\n    image: alpine\n    command: echo $$HOME\n');
      assert.deepEqual(result.problems, []);
    });

    it('an invalid template is reported as invalid', () => {
      const result = scan('services:\n  a:\n    image: ${IMAGE:=nginx}\n');
      assert.equal(result.problems[0].kind, 'invalid');
    });

    it('an empty platform (${DOCKER_PLATFORM:-}) means the configured one; a set one fixes it', () => {
      const text = 'services:\n  a:\n    image: alpine\n    platform: ${DOCKER_PLATFORM:-}\n';
      assert.equal(scan(text).images[0].platform, undefined);
      const env = composeEnvironment({ DOCKER_PLATFORM: 'linux/arm64' });
      assert.deepEqual(scan(text, { env }).images[0].platform, { os: 'linux', architecture: 'arm64' });
    });

    it('an image whose platform cannot be worked out is not guessed', () => {
      const result = scan('services:\n  a:\n    image: alpine\n    platform: linux/${ARCH}\n  b:\n    image: busybox\n    platform: not//valid\n');
      assert.deepEqual(result.images, []);
      assert.deepEqual(
        problems(result.problems).map((p) => [p.kind, p.line]),
        [
          ['unresolved', 3],
          ['unresolved', 6],
          ['invalid', 7],
        ],
      );
      // Said once, with the variable and why.
      assert.equal(result.problems[0].message.match(/cannot be worked out/g)?.length, 1);
      assert.match(result.problems[0].message, /the platform of this image cannot be worked out: ARCH /);
    });
  });

  describe('where the pin of a variable goes', () => {
    const dotEnv = 'APP_IMAGE=ghcr.io/acme/app:1.4.0\nBUILT="${REG:-ghcr.io}/acme/tool:2"\n';

    it('into the .env line, for every service written as that variable, with each use\'s platform', () => {
      const env = composeEnvironment({}, parseDotEnv(dotEnv));
      const text = 'services:\n  a:\n    image: ${APP_IMAGE}\n  b:\n    image: $APP_IMAGE\n    platform: linux/arm64\n';
      const images = scanCompose(text, { env }).images;
      assert.equal(images.length, 2);
      for (const occ of images) {
        assert.equal(occ.valueAt?.file, 'env-file');
        assert.equal(at(dotEnv, occ.valueAt.range), 'ghcr.io/acme/app:1.4.0');
        assert.deepEqual(occ.valueAt.platforms.map(platformName), ['configured', 'linux/arm64']);
      }
    });

    it('is never an edit of the compose file when the value is in .env', () => {
      const env = composeEnvironment({}, parseDotEnv(dotEnv));
      const [occ] = scanCompose('services:\n  a:\n    image: ${APP_IMAGE}\n', { env }).images;
      assert.equal(occ.valueAt?.file, 'env-file');
      assert.equal(pinEdit(occ, D), undefined);
    });

    it('on the line, with the reason, when the variable is used for something else too', () => {
      const env = composeEnvironment({}, parseDotEnv(dotEnv));
      const text = 'services:\n  a:\n    image: ${APP_IMAGE}\n    environment:\n      - APP_IMAGE\n  b:\n    image: busybox\n    labels: {built-from: "$APP_IMAGE"}\n';
      const [occ] = scanCompose(text, { env }).images;
      assert.equal(occ.valueAt, undefined);
      assert.match(occ.valueRefused ?? '', /APP_IMAGE is also used on line 5/);
    });

    it('on the line, with the reason, when the value comes from the environment or is built from parts', () => {
      const fromShell = scanCompose('services:\n  a:\n    image: $APP_IMAGE\n', { env: composeEnvironment({ APP_IMAGE: 'nginx:1' }) }).images[0];
      assert.match(fromShell.valueRefused ?? '', /comes from the environment/);
      const built = scanCompose('services:\n  a:\n    image: $BUILT\n', { env: composeEnvironment({}, parseDotEnv(dotEnv)) }).images[0];
      assert.match(built.valueRefused ?? '', /BUILT in the \.env file \(line 2\) is built from other variables/);
      const mixed = scanCompose('services:\n  a:\n    image: ${IMG:-${REG:-ghcr.io}/app:1}\n').images[0];
      assert.match(mixed.valueRefused ?? '', /default of IMG is built from several parts/);
    });

    it('into the inline default, inside quotes too', () => {
      const text = 'services:\n  a:\n    image: "${IMG:-nginx:1.27}"\n';
      const [occ] = scanCompose(text).images;
      assert.equal(occ.text, '"${IMG:-nginx:1.27}"');
      assert.equal(occ.valueAt?.text, 'nginx:1.27');
      assert.equal(at(text, occ.valueAt.range), 'nginx:1.27');
    });
  });

  describe('untidy files', () => {
    it('reports a repeated key at its line, reads the last one and the rest of the file', () => {
      const text = 'services:\n  a:\n    image: nginx:1.26\n    image: nginx:1.27\n  b:\n    image: redis:7\n';
      const result = scanCompose(text);
      assert.deepEqual(result.images.map((occ) => occ.expanded), ['nginx:1.27', 'redis:7']);
      assert.deepEqual(problems(result.problems).map((p) => [p.kind, p.line]), [['invalid', 4]]);
      assert.match(result.problems[0].message, /"image" is written twice/);
    });

    it('reports a syntax error at its line and the images before it still count', () => {
      const text = 'services:\n  a:\n    image: nginx:1.27\n  b:\n\timage: redis:7\n  c:\n    image: busybox\n';
      const result = scanCompose(text);
      assert.deepEqual(result.images.map((occ) => occ.expanded), ['nginx:1.27']);
      assert.equal(result.problems[0].range.start.line, 4);
      assert.match(result.problems[0].message, /Tabs are not allowed.*what follows in this document is not read/);
    });

    it('never edits what it cannot edit exactly: block scalars, escapes, folded lines', () => {
      const text = 'services:\n  a:\n    image: >-\n      nginx:1\n  b:\n    image: "nginx\\u003a1"\n  c:\n    image: nginx:1\n      -alpine\n';
      const result = scanCompose(text);
      assert.deepEqual(result.images, []);
      assert.deepEqual(
        problems(result.problems).map((p) => [p.kind, p.line]),
        [
          ['skipped', 3],
          ['skipped', 6],
          ['skipped', 8],
        ],
      );
    });

    it('reports an image that is not a string, an alias naming no anchor, and goes on', () => {
      const text = 'services:\n  a:\n    image: [nginx]\n  b:\n    image: *nowhere\n  c:\n    image: redis\n';
      const result = scanCompose(text);
      assert.deepEqual(result.images.map((occ) => occ.expanded), ['redis']);
      assert.deepEqual(problems(result.problems).map((p) => [p.kind, p.line]), [['invalid', 3], ['invalid', 5]]);
    });

    it('reads flow style, comments, custom tags and keys after merges', () => {
      const text = [
        'x-base: &base {image: "busybox:1.36", platform: linux/arm64}',
        'services: { one: {<<: *base}, two: {<<: *base, image: !custom alpine:3.20} }  # flow',
        '',
      ].join('\n');
      const result = scanCompose(text);
      assert.deepEqual(result.images.map((occ) => expandedView(text, occ)), [
        { source: 'image', written: '"busybox:1.36"', expanded: 'busybox:1.36', line: 1, platform: 'linux/arm64' },
        { source: 'image', written: 'alpine:3.20', expanded: 'alpine:3.20', line: 2, platform: 'linux/arm64' },
      ]);
    });

    it('reads a nest of merges built to explode once per mapping', () => {
      const levels = ['x-l0: &l0 {image: "alpine:3.20"}'];
      for (let i = 1; i <= 12; i++) levels.push(`x-l${i}: &l${i} {<<: [${Array.from({ length: 10 }, () => `*l${i - 1}`).join(', ')}]}`);
      const text = `${levels.join('\n')}\nservices:\n  app:\n    <<: *l12\n`;
      assert.deepEqual(scanCompose(text).images.map((occ) => occ.expanded), ['alpine:3.20']);
    });

    it('a file that is not compose, or empty, gives nothing', () => {
      assert.deepEqual(scanCompose(''), { images: [], problems: [] });
      assert.deepEqual(scanCompose('just: text\n'), { images: [], problems: [] });
      assert.deepEqual(scanCompose('- a\n- b\n'), { images: [], problems: [] });
    });
  });

  describe('builds', () => {
    it('a build\'s docker-image:// contexts are images, in map and list form; other contexts are not', () => {
      const text = [
        'services:',
        '  app:',
        '    platform: linux/arm64',
        '    build:',
        '      context: .',
        '      additional_contexts:',
        '        - "base=docker-image://alpine:3.20"',
        '        - tools=docker-image://ghcr.io/acme/tools@' + D,
        '        - src=./src',
        '        - other=service:db',
        '',
      ].join('\n');
      const result = scanCompose(text);
      assert.deepEqual(result.images.map((occ) => expandedView(text, occ)), [
        { source: 'additional-context', written: 'alpine:3.20', expanded: 'alpine:3.20', line: 7, platform: 'linux/arm64' },
        { source: 'additional-context', written: `ghcr.io/acme/tools@${D}`, expanded: `ghcr.io/acme/tools@${D}`, line: 8, platform: 'linux/arm64', digest: `@${D}` },
      ]);
    });

    it('an image beside build: is not pinned whatever pull_policy says; nor is that name elsewhere', () => {
      const text = [
        'services:',
        '  api:',
        '    build: .',
        '    image: acme/api',
        '    pull_policy: always',
        '  api-worker:',
        '    image: docker.io/acme/api:latest',
        '  other:',
        '    image: acme/api:2',
        '',
      ].join('\n');
      assert.deepEqual(scanCompose(text).images.map((occ) => occ.expanded), ['acme/api:2']);
    });

    it('build args: map and list forms, interpolated, bare names from the environment, unknown ones with the reason', () => {
      const text = [
        'services:',
        '  a:',
        '    build:',
        '      context: ./a',
        '      args:',
        '        BASE: ${BASE:-python:3.12}',
        '        VERSION: 1.10',
        '        FROM_ENV:',
        '        MISSING: $NOPE',
        '  b:',
        '    build:',
        '      context: ${CTX:-./b}',
        '      args: ["X=1", "FROM_ENV", "UNSET_BARE"]',
        '',
      ].join('\n');
      const { builds } = composeBuilds(text, { env: composeEnvironment({ FROM_ENV: 'shell' }) });
      assert.deepEqual(Object.fromEntries(builds[0].buildArgs), { BASE: 'python:3.12', VERSION: '1.10', FROM_ENV: 'shell' });
      assert.deepEqual([...builds[0].unknownArgs.keys()], ['MISSING']);
      assert.match(builds[0].unknownArgs.get('MISSING') ?? '', /NOPE is not set/);
      assert.equal(builds[1].context, './b');
      assert.deepEqual(Object.fromEntries(builds[1].buildArgs), { X: '1', FROM_ENV: 'shell' });
    });

    it('each arg value that can take a pin says where the digest goes: the end of the value (inside its quotes), or the .env line a sole variable reads', () => {
      const text = [
        'services:',
        '  a:',
        '    build:',
        '      context: .',
        '      args:',
        '        PLAIN: alpine:3.20 # base',
        '        QUOTED: "alpine:3.20"',
        '        PARTS: ${HOST:-docker.io}/alpine:3.20',
        '        ESCAPED: "alpine\\t3"',
        '        FROM_FILE: ${CH_IMAGE}',
        '        FROM_SHELL: $SHELL_IMAGE',
        '  b:',
        '    build:',
        '      context: .',
        '      args: ["LISTED=alpine:3.20", "BARE"]',
        '',
      ].join('\n');
      const dotEnv = parseDotEnv('CH_IMAGE="alpine:3.20"\n');
      const { builds } = composeBuilds(text, { env: composeEnvironment({ SHELL_IMAGE: 'alpine:3.20', BARE: 'x' }, dotEnv) });
      const places = (i: number) => Object.fromEntries([...(builds[i].argValues ?? [])].map(([name, p]) => [name, [p.at.line, p.at.character, p.file ?? 'here']]));
      assert.deepEqual(places(0), { PLAIN: [5, 26, 'here'], QUOTED: [6, 28, 'here'], FROM_FILE: [0, 21, 'env-file'] });
      assert.deepEqual(places(1), { LISTED: [14, 32, 'here'] });
    });

    it('Dockerfile paths are given from the compose file\'s folder; a remote context is reported, not read', () => {
      const text = [
        'services:',
        '  a:',
        '    build: {context: ./a/, dockerfile: ../shared/Dockerfile}',
        '  b:',
        '    build: {context: ., dockerfile: /abs/Dockerfile}',
        '  c:',
        '    build: https://github.com/acme/app.git#main',
        '',
      ].join('\n');
      const { builds, problems: found } = composeBuilds(text);
      assert.deepEqual(builds.map((b) => b.dockerfile), ['./a/../shared/Dockerfile', '/abs/Dockerfile']);
      assert.deepEqual(problems(found).map((p) => [p.kind, p.line]), [['skipped', 7]]);
      assert.match(found[0].message, /remote context/);
    });

    it('reads plain environment values given as SourceScanOptions.environment', () => {
      const text = 'services:\n  a:\n    image: alpine:${TAG}\n';
      assert.equal(scanCompose(text, { environment: new Map([['TAG', '3.21']]) }).images[0].expanded, 'alpine:3.21');
    });

    it('a build whose Dockerfile cannot be worked out is reported at the line naming it', () => {
      const text = 'services:\n  a:\n    build:\n      context: .\n      dockerfile: ${DOCKERFILE}\n';
      const { builds, problems: found } = composeBuilds(text);
      assert.deepEqual(builds, []);
      assert.deepEqual(problems(found).map((p) => [p.kind, p.line]), [['unresolved', 5]]);
    });

    it("its problem is marked with the platforms it is built for, for a Dockerfile read with this file's builds alone (engine/buildOperands.ts)", () => {
      const marked = (text: string) => scanCompose(text).problems.flatMap((p) => (p.unnamedDockerfile === undefined ? [] : [[p.range.start.line + 1, p.unnamedDockerfile.by, p.unnamedDockerfile.platforms?.map(platformName).join(',') ?? '?']]));
      const build = (...lines: string[]) => ['services:', '  a:', ...lines, '    build:', '      context: ${DIR}', ''].join('\n');
      assert.deepEqual(marked(build().replace('      context', '      platforms: [linux/amd64, linux/arm64]\n      context')), [[5, 'service a', 'linux/amd64,linux/arm64']]);
      assert.deepEqual(marked(build('    platform: linux/arm64')), [[5, 'service a', 'linux/arm64']]);
      assert.deepEqual(marked(build('    platform: ${PLATFORM}')), [[5, 'service a', '?']]);
      // For the configured platform: its problem alone.
      assert.deepEqual(marked(build()), [[4, 'service a', '']]);
    });
  });

  it('include and extends.file name the files to read, with how Compose reads them; a remote include is skipped', () => {
    const text = [
      'include:',
      '  - infra/db.yml',
      '  - path: [a/base.yml, a/override.yml]',
      '    env_file: a/a.env',
      '  - path: ${STACK:-b}/compose.yaml',
      '    project_directory: b',
      '  - oci://registry.example/stack:1',
      'services:',
      '  web:',
      '    extends: {file: common.yml, service: app}',
      '    build: .',
      '  local:',
      '    extends: {service: web}',
      '',
    ].join('\n');
    const scan = scanCompose(text);
    assert.deepEqual(
      (scan.linked ?? []).map((l) => [l.path, l.line, l.relativeTo, l.compose]),
      [
        ['infra/db.yml', 2, 'project', { via: 'include', projectDirectory: 'infra' }],
        ['a/base.yml', 3, 'project', { via: 'include', projectDirectory: 'a', envFiles: ['a/a.env'] }],
        ['a/override.yml', 3, 'project', { via: 'include', projectDirectory: 'a', envFiles: ['a/a.env'] }],
        ['b/compose.yaml', 5, 'project', { via: 'include', projectDirectory: 'b' }],
        ['common.yml', 10, 'project', { via: 'extends', extender: 'web', service: 'app', extenderBuilds: true }],
      ],
    );
    assert.deepEqual(scan.problems.map((p) => [p.kind, p.range.start.line + 1, p.text]), [['skipped', 7, 'oci://registry.example/stack:1']]);
  });

  it('the image of a service another file extends while building is a build name, not pinned', () => {
    const text = 'services:\n  app:\n    image: acme/web:dev\n  db:\n    image: postgres:16\n';
    assert.deepEqual(scanCompose(text, { builtServices: new Set(['app']) }).images.map((o) => o.expanded), ['postgres:16']);
  });

  it("a service's platform in the file Compose merges with this one: the override's wins, the main file's fills in; a value that is no platform is why it cannot be worked out", () => {
    const text = 'services:\n  app:\n    image: golang:1.22\n    platform: linux/amd64\n  db:\n    image: postgres:16\n  web:\n    build: .\n';
    const arm = { os: 'linux', architecture: 'arm64' };
    const platforms = new Map([['app', 'linux/arm64'], ['db', '${DB_PLATFORM:-linux/arm64}'], ['web', 'linux/arm64']]);
    const views = (wins: boolean) => scanCompose(text, { partnerPlatforms: { platforms, wins } }).images.map((o) => [o.expanded, o.platform]);
    assert.deepEqual(views(true), [['golang:1.22', arm], ['postgres:16', arm]]);
    assert.deepEqual(views(false), [['golang:1.22', { os: 'linux', architecture: 'amd64' }], ['postgres:16', arm]]);
    assert.deepEqual(composeBuilds(text, { partnerPlatforms: { platforms, wins: true } }).builds.map((b) => [b.service, b.platform]), [['web', arm]]);
    const bad = scanCompose(text, { partnerPlatforms: { platforms: new Map([['db', 'linux//x']]), wins: true } });
    assert.match(bad.problems.map((p) => p.message).join('\n'), /the platform "linux\/\/x" the file merged with this one gives service db is not a platform/);
    assert.deepEqual([...servicePlatformsWritten(text)], [['app', 'linux/amd64']]);
  });

  it("run by docker compose on a CI runner: a service without platform: pulls and builds for the runner's platform, one with it keeps its own, and the runner builds every service's image", () => {
    const text = 'services:\n  app:\n    image: golang:1.22\n    platform: linux/amd64\n  db:\n    image: postgres:16\n  web:\n    build: .\n  api:\n    platform: linux/amd64\n    build: ./api\n';
    const arm = { os: 'linux', architecture: 'arm64' };
    const amd = { os: 'linux', architecture: 'amd64' };
    assert.deepEqual(scanCompose(text, { runner: arm }).images.map((o) => [o.expanded, o.platform]), [['golang:1.22', amd], ['postgres:16', arm]]);
    assert.deepEqual(composeBuilds(text, { runner: arm }).builds.map((b) => [b.service, b.platform, b.builder]), [['web', arm, arm], ['api', amd, arm]]);
    // Read without a runner: the configured platform, and no builder said.
    assert.deepEqual(composeBuilds(text).builds.map((b) => [b.service, b.platform, b.builder]), [['web', undefined, undefined], ['api', amd, undefined]]);
  });

  it('a reading of the services another project extends reads those, the ones they extend in turn, and not the includes', () => {
    const text = [
      'include:',
      '  - infra/db.yml',
      'services:',
      '  app:',
      '    extends: base',
      '  base:',
      '    extends: {service: root}',
      '  root:',
      '    image: busybox:1.36',
      '  worker:',
      '    extends: {file: other.yml, service: w}',
      '  db:',
      '    image: postgres:16',
      '  builder:',
      '    build: ./b',
      '',
    ].join('\n');
    const only = (...names: string[]) => ({ services: { only: new Set(names) } });
    const read = (options: ComposeScanOptions) => {
      const scan = scanCompose(text, options);
      return { images: scan.images.map((o) => o.expanded), linked: (scan.linked ?? []).map((l) => l.path), builds: composeBuilds(text, options).builds.map((b) => b.service) };
    };
    assert.deepEqual(read(only('app')), { images: ['busybox:1.36'], linked: [], builds: [] });
    assert.deepEqual(read(only('worker', 'builder')), { images: [], linked: ['other.yml'], builds: ['builder'] });
    assert.deepEqual(read({ services: { except: new Set(['db', 'worker']) } }), { images: ['busybox:1.36'], linked: ['infra/db.yml'], builds: ['builder'] });
    assert.deepEqual(read({}), { images: ['busybox:1.36', 'postgres:16'], linked: ['infra/db.yml', 'other.yml'], builds: ['builder'] });
  });

  it("finds the images a service pulls besides its own: pre_start hooks' and image volumes' (not a service's, nor one the project builds)", () => {
    const text = [
      'services:',
      '  app:',
      '    image: nginx:1.27',
      '    platform: linux/arm64',
      '    pre_start:',
      '      - image: busybox:1.36',
      '        command: ["true"]',
      '      - command: ["true"]            # runs the service image',
      '      - image: acme/tools:dev        # built by the tools service',
      '    volumes:',
      '      - type: image',
      '        source: "alpine:3.20"',
      '        target: /data',
      '        image: {subpath: etc}',
      '      - type: image',
      '        source: tools                # the service of that name',
      '        target: /tools',
      '      - type: volume',
      '        source: data',
      '        target: /var/data',
      '      - ./conf:/etc/conf',
      '  tools:',
      '    image: acme/tools:dev',
      '    build: ./tools',
      'volumes:',
      '  data:',
      '',
    ].join('\n');
    const scan = scanCompose(text);
    // Compose pulls them as images of their own, for the default platform, not the service's.
    assert.deepEqual(
      scan.images.map((occ) => view(text, occ)),
      [
        { source: 'image', written: 'nginx:1.27', line: 3, platform: 'linux/arm64' },
        { source: 'pre-start', written: 'busybox:1.36', line: 6 },
        { source: 'image-volume', written: '"alpine:3.20"', line: 12 },
      ],
    );
    assert.deepEqual(problems(scan.problems), []);
    // The pin goes inside the quotes, as a service image's does.
    assert.deepEqual(pinEdit(scan.images[2], D), { range: { start: { line: 11, character: 28 }, end: { line: 11, character: 28 } }, newText: `@${D}` });
  });

  it('a file in the old format without services: (services at the top level) is reported at each service, as docker compose refuses it', () => {
    // The shape of docker-compose.yml files written for docker-compose 1.x (Compose file format v1).
    const text = [
      'redis:',
      '  image: quay.io/something/redis:alpine',
      '  ports:',
      '    - "6379"',
      'worker:',
      '  build: ./worker',
      'x-notes:',
      '  image: not-a-service',
      'volumes:',
      '  data: {}',
      '',
    ].join('\n');
    const scan = scanCompose(text);
    assert.deepEqual(scan.images, []);
    assert.deepEqual(problems(scan.problems), [
      {
        kind: 'invalid',
        line: 1,
        message:
          'redis is a service written at the top level, as the old Compose file format (v1) without services: wrote them; docker compose refuses the file, and its image is not read here: move the service under services:',
      },
      {
        kind: 'invalid',
        line: 5,
        message:
          'worker is a service written at the top level, as the old Compose file format (v1) without services: wrote them; docker compose refuses the file, and its image is not read here: move the service under services:',
      },
    ]);
  });
});
