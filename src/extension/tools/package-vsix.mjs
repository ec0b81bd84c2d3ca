// `npm run package`: a production bundle, then `vsce package --no-dependencies -o docker-pin.vsix`
// run in a staging copy. Why a copy: package.json's `files` (what npm publishes: the CLI) and
// `.vscodeignore` (what the .vsix holds) cannot both be seen by vsce, which refuses that mix; the
// copy drops `files` so `.vscodeignore` decides. A missing README gets a placeholder in the copy
// only, never in the repository.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const out = resolve(root, process.argv[2] ?? 'docker-pin.vsix');
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, stdio: 'inherit' });

run(process.execPath, ['esbuild.mjs', '--production'], root);

const stage = mkdtempSync(join(tmpdir(), 'docker-pin-vsix-'));
try {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  delete manifest.files;
  // Already bundled above; vsce would run it again in a copy without sources.
  delete manifest.scripts?.['vscode:prepublish'];
  writeFileSync(join(stage, 'package.json'), JSON.stringify(manifest, null, 2));

  const copy = (file) => {
    mkdirSync(dirname(join(stage, file)), { recursive: true });
    copyFileSync(join(root, file), join(stage, file));
  };
  for (const file of ['.vscodeignore', 'LICENSE', 'CHANGELOG.md', 'dist/extension.js', manifest.icon, 'media/screenshot.png']) copy(file);
  // The Marketplace page is about the extension; the repository's README also serves developers.
  if (existsSync(join(root, 'docs', 'marketplace.md'))) copyFileSync(join(root, 'docs', 'marketplace.md'), join(stage, 'README.md'));
  else if (existsSync(join(root, 'README.md'))) copy('README.md');
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
