// Scenario 2: a tree of Dockerfiles over many distinct images, `pin` and `check` in one CLI
// invocation over all files; peak RSS at growing tree sizes; scenario 3's warm row for the tree.
import type { BenchContext } from '../context';
import { serviceDockerfile, treePaths } from '../generate';
import { benchImages } from '../images';
import type { Measurement } from '../measure';
import type { Tree } from '../workspace';
import { measureCli, pinnedTree } from './cliRows';
import { measureEngine } from './engineRows';
import { floorRows, measureSkopeo } from './peerRows';

export function serviceTree(files: number, imageCount: number): Tree {
  const images = benchImages(imageCount);
  return Object.fromEntries(treePaths(files).map((path, k) => [path, serviceDockerfile(images, k)]));
}

export async function scenarioTwo(ctx: BenchContext): Promise<Measurement[]> {
  const { treeFiles, treeImages, runs } = ctx.options;
  const images = benchImages(treeImages);
  const tree = serviceTree(treeFiles, treeImages);
  const label = `2 · ${treeFiles} files / ${treeImages} images`;
  ctx.log(`scenario ${label}`);
  const pinned = await pinnedTree(ctx, tree, []);

  const rows: Measurement[] = [];
  rows.push(await measureCli(ctx, { id: 's2.pin', scenario: label, what: 'docker-pin pin, all files in one invocation', tree, command: ['pin'], expectedExit: 0, expectAllPinned: true }));
  rows.push(await measureCli(ctx, { id: 's2.check', scenario: label, what: 'docker-pin check, all pins current', tree: pinned, command: ['check'], expectedExit: 0 }));
  rows.push(
    ...(await measureEngine(
      ctx,
      tree,
      { id: 's2.engine', scenario: label, what: 'engine analyze() of every file, cold client' },
      { id: 's3.s2.warm', scenario: `3 · warm, ${label.slice(4)}`, what: 'engine analyze() of every file, same client again' },
    )),
  );
  // The loop is slow by nature; a few runs give a stable median.
  const skopeo = await measureSkopeo(ctx, 's2.skopeo', label, images, Math.min(runs, 3));
  if (skopeo) rows.push(skopeo);
  rows.push(...floorRows(ctx, 's2', label, images.length));
  return rows;
}

/** Peak RSS of `pin` as the tree grows over the same images: streaming keeps it flat. */
export async function memorySeries(ctx: BenchContext): Promise<Measurement[]> {
  const rows: Measurement[] = [];
  ctx.log('scenario 2 · memory series');
  for (const files of ctx.options.memorySeries) {
    rows.push(
      await measureCli(ctx, {
        id: `s2.mem.${files}`,
        scenario: `2 · memory, ${ctx.options.treeImages} images`,
        what: `docker-pin pin, ${files} files`,
        tree: serviceTree(files, ctx.options.treeImages),
        command: ['pin'],
        expectedExit: 0,
        expectAllPinned: true,
      }),
    );
  }
  return rows;
}
