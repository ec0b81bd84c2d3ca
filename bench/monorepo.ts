// A generated monorepo for the scale scenario: `files` files in a git repository, of which
// `imageFiles` name images, spread over every kind docker-pin reads (Dockerfiles, compose files,
// Kubernetes manifests, GitHub workflows, GitLab CI files, dev containers); the rest is what a
// monorepo mostly holds: source, tests, docs, JSON and YAML that names no image (YAML is read to
// tell its kind, so some of it must be there). Every image reference is written pinned, with the
// digest the registry serves, so `check .` finds everything current and the registry part is one
// token and one manifest per distinct image.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface MonorepoShape {
  readonly files: number;
  readonly imageFiles: number;
}

/** How many image files of each kind, in this order, out of every 20. */
const KIND_MIX = [
  ['dockerfile', 7],
  ['compose', 3],
  ['kubernetes', 5],
  ['workflow', 2],
  ['gitlab', 2],
  ['devcontainer', 1],
] as const;

type ImageKind = (typeof KIND_MIX)[number][0];

function kindAt(i: number): ImageKind {
  let slot = i % 20;
  for (const [kind, share] of KIND_MIX) {
    if (slot < share) return kind;
    slot -= share;
  }
  throw new Error('unreachable');
}

/** One image file: its path inside package `p` and its text, naming `a` and `b` (pinned references). */
function imageFile(kind: ImageKind, p: string, k: number, a: string, b: string): [string, string] {
  switch (kind) {
    case 'dockerfile':
      return [`${p}/Dockerfile`, `# service ${k}\nFROM ${a} AS build\nWORKDIR /src\nCOPY . .\nRUN make\n\nFROM ${b}\nCOPY --from=build /src/out /app\nUSER 65534\nENTRYPOINT ["/app"]\n`];
    case 'compose':
      return [`${p}/compose.yaml`, `services:\n  app:\n    image: ${a}\n    ports:\n      - "8080:8080"\n  cache:\n    image: ${b}\n    restart: always\n`];
    case 'kubernetes':
      return [
        `${p}/deploy/deployment.yaml`,
        `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: svc-${k}\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: svc-${k}\n  template:\n    metadata:\n      labels:\n        app: svc-${k}\n    spec:\n      initContainers:\n        - name: init\n          image: ${b}\n      containers:\n        - name: app\n          image: ${a}\n          ports:\n            - containerPort: 8080\n`,
      ];
    case 'workflow':
      return [`.github/workflows/svc-${k}.yml`, `name: svc-${k}\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    container:\n      image: ${a}\n    services:\n      db:\n        image: ${b}\n    steps:\n      - run: make test\n`];
    case 'gitlab':
      return [`${p}/svc-${k}.gitlab-ci.yml`, `test-${k}:\n  image: ${a}\n  services:\n    - ${b}\n  script:\n    - make test\n`];
    case 'devcontainer':
      return [`.devcontainer/svc-${k}/devcontainer.json`, `{\n  // dev container of service ${k}\n  "name": "svc-${k}",\n  "image": "${a}",\n  "forwardPorts": [8080]\n}\n`];
  }
}

/** Files that name no image, as a monorepo's packages mostly hold. */
function otherFile(p: string, k: number): [string, string] {
  switch (k % 10) {
    case 0:
      return [`${p}/docs/page-${k}.md`, `# Package ${k}\n\nBuild with \`make\`. Runs in a container built FROM the team's base image.\n`];
    case 1:
      return [`${p}/pkg-${k}.json`, `{\n  "name": "pkg-${k}",\n  "version": "1.0.${k}",\n  "scripts": { "build": "tsc" }\n}\n`];
    case 2:
      return [`${p}/config-${k}.yaml`, `name: pkg-${k}\nreplicas: 2\nlogging:\n  level: info\n  format: json\n`];
    case 3:
      return [`${p}/test/main_${k}_test.go`, `package main\n\nimport "testing"\n\nfunc TestMain${k}(t *testing.T) {\n\tif add(1, 2) != 3 {\n\t\tt.Fatal("add")\n\t}\n}\n`];
    case 4:
      return [`${p}/main_${k}.go`, `package main\n\nfunc add(a, b int) int { return a + b }\n\nfunc main() { println(add(${k}, 1)) }\n`];
    default:
      return [`${p}/src/module${k}.ts`, `// module ${k}\nexport function f${k}(x: number): number {\n  return x * ${k % 97} + ${k % 13};\n}\n`];
  }
}

/** Writes the monorepo into `dir` (empty) and commits it; returns how many files name images. */
export function writeMonorepo(dir: string, shape: MonorepoShape, pinnedRefs: readonly string[]): number {
  const n = pinnedRefs.length;
  const write = ([path, text]: [string, string]): void => {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
  };
  // Packages of 25 files each, under teams, as a monorepo groups them.
  const packageOf = (k: number): string => `teams/team-${Math.floor(k / 25) % 40}/pkg-${Math.floor(k / 25)}`;
  const others = shape.files - shape.imageFiles - 1;
  for (let k = 0; k < shape.imageFiles; k++) write(imageFile(kindAt(k), `${packageOf(k * 24)}/svc-${k}`, k, pinnedRefs[k % n], pinnedRefs[(k * 7 + 3) % n]));
  for (let k = 0; k < others; k++) write(otherFile(packageOf(k), k));
  write(['.gitignore', 'node_modules/\nbuild/\n']);
  const git = (...args: string[]): void => void execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
  git('init', '-q');
  git('add', '-A');
  git('-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', 'commit', '-q', '-m', 'monorepo');
  return shape.imageFiles;
}

/** The floor for finding what names images: list the repository's files, then search their text. */
export const FLOOR_SCAN_SCRIPT = "git ls-files > /dev/null && git grep -l -E 'image:|FROM |docker://|\"image\"' > /dev/null";
