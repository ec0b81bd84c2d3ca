// Temporary trees of generated Dockerfiles. `pin` rewrites files, so every run gets a fresh copy.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { scanDockerfile } from '../src/core/dockerfile';

export type Tree = Readonly<Record<string, string>>;

const created: string[] = [];

export function writeTree(tree: Tree): { dir: string; files: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'docker-pin-bench-'));
  created.push(dir);
  const files = Object.entries(tree).map(([rel, text]) => {
    const path = join(dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    return rel;
  });
  return { dir, files };
}

/** Removes every tree this run made. */
export function removeTrees(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Counts references in the files and how many carry a written digest: proof a `pin` really pinned. */
export function pinCoverage(dir: string, files: readonly string[]): { references: number; pinned: number } {
  let references = 0;
  let pinned = 0;
  for (const rel of files) {
    const scan = scanDockerfile(readFileSync(join(dir, rel), 'utf8'));
    references += scan.images.length;
    pinned += scan.images.filter((i) => i.digestRange !== undefined).length;
  }
  return { references, pinned };
}

/** Reads a tree back (after a `pin`), to reuse as the input of `check`. */
export function readTree(dir: string, files: readonly string[]): Tree {
  return Object.fromEntries(files.map((rel) => [rel, readFileSync(join(dir, rel), 'utf8')]));
}
