// `npm run package`: a production bundle, then `vsce package --no-dependencies -o docker-pin.vsix`
// run in a staging copy of the extension's folder (extension/: its manifest, its .vscodeignore,
// its bundle in extension/dist/) with what the .vsix also shows from the repository: the icon,
// the screenshot, the licence, the changelog and the Marketplace page as its README. The
// repository's own package.json is the npm package of the CLI and never goes into the .vsix.
// A missing README gets a placeholder in the copy only, never in the repository.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const extension = join(root, 'extension');
const out = resolve(root, process.argv[2] ?? 'docker-pin.vsix');
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, stdio: 'inherit' });

run(process.execPath, ['esbuild.mjs', '--production'], root);

const stage = mkdtempSync(join(tmpdir(), 'docker-pin-vsix-'));
try {
  const manifest = JSON.parse(readFileSync(join(extension, 'package.json'), 'utf8'));
  const copy = (from, file) => {
    mkdirSync(dirname(join(stage, file)), { recursive: true });
    copyFileSync(join(from, file), join(stage, file));
  };
  // The repository config's schema, which the manifest offers to YAML-aware editors (yamlValidation).
  for (const file of ['package.json', '.vscodeignore', 'dist/extension.js', 'dist/extension-main.js', 'dist/docker-pin.schema.json']) copy(extension, file);
  for (const file of ['LICENSE', 'CHANGELOG.md', manifest.icon, 'media/screenshot.png']) copy(root, file);
  // The Marketplace page is about the extension; the repository's README also serves developers.
  if (existsSync(join(root, 'docs', 'marketplace.md'))) copyFileSync(join(root, 'docs', 'marketplace.md'), join(stage, 'README.md'));
  else if (existsSync(join(root, 'README.md'))) copy(root, 'README.md');
  else {
    console.warn('README.md is missing: packaging with a placeholder (in the staging copy only).');
    writeFileSync(join(stage, 'README.md'), `# ${manifest.displayName}\n\n${manifest.description}\n`);
  }

  const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  // The README's pictures ship inside the .vsix and stay relative: VS Code shows an installed
  // extension's README from its own folder.
  run(process.execPath, [vsce, 'package', '--no-dependencies', '--no-rewrite-relative-links', '--allow-missing-repository', '-o', out], stage);
  console.log(`${out}: ${(statSync(out).size / 1024).toFixed(0)} KiB`);
} finally {
  rmSync(stage, { recursive: true, force: true });
}
