// Scenario 1: one Dockerfile, 30 references over 10 distinct images, through the real CLI and
// the engine; peers: the skopeo loop and the floor. Scenario 3's warm row for this file too.
import { scanDockerfile } from '../../src/core/dockerfile';
import type { BenchContext } from '../context';
import { multiStageDockerfile } from '../generate';
import { benchImages } from '../images';
import type { Measurement } from '../measure';
import { measureCli, measureStartup, pinnedTree } from './cliRows';
import { measureEngine } from './engineRows';
import { floorRows, measureSkopeo } from './peerRows';
import { pinAgainstFloor } from './floorProcess';

export async function scenarioOne(ctx: BenchContext): Promise<Measurement[]> {
  const images = benchImages(ctx.options.s1Images);
  const text = multiStageDockerfile(images);
  const scan = scanDockerfile(text);
  const distinct = new Set(scan.images.map((i) => i.expanded)).size;
  if (scan.images.length !== images.length * 3 || distinct !== images.length || scan.problems.length > 0) {
    throw new Error(`scenario 1's Dockerfile scans to ${scan.images.length} references over ${distinct} images, expected ${images.length * 3} over ${images.length}`);
  }
  const label = `1 · ${scan.images.length} refs / ${distinct} images`;
  ctx.log(`scenario ${label}`);
  const tree = { Dockerfile: text };
  // Prepared first (unmeasured): also warms the registry's own caches before anything is timed.
  const platformPinned = await pinnedTree(ctx, tree, []);
  const indexPinned = await pinnedTree(ctx, tree, ['--index']);

  const rows: Measurement[] = [];
  rows.push(...(await measureStartup(ctx, label)));
  rows.push(await measureCli(ctx, { id: 's1.pin', scenario: label, what: 'docker-pin pin (CLI process)', tree, command: ['pin'], expectedExit: 0, expectAllPinned: true }));
  rows.push(
    await measureCli(ctx, {
      id: 's1.pinFirst',
      scenario: label,
      what: 'docker-pin pin, first run on the machine: no code cache',
      note: 'every other CLI row starts from the code cache earlier runs made (src/startup/codeCache.ts); this one makes it',
      tree,
      command: ['pin'],
      expectedExit: 0,
      expectAllPinned: true,
      firstRun: true,
    }),
  );
  rows.push(await measureCli(ctx, { id: 's1.pinIndex', scenario: label, what: 'docker-pin pin --index (CLI process)', tree, command: ['pin', '--index'], expectedExit: 0, expectAllPinned: true }));
  rows.push(await measureCli(ctx, { id: 's1.check', scenario: label, what: 'docker-pin check, platform pins current', tree: platformPinned, command: ['check'], expectedExit: 0 }));
  rows.push(
    await measureCli(ctx, { id: 's1.checkWarm', scenario: label, what: 'docker-pin check again, same cache directory (repeat run)', tree: platformPinned, command: ['check'], expectedExit: 0, cache: 'warm' }),
  );
  rows.push(await measureCli(ctx, { id: 's1.pinWarm', scenario: label, what: 'docker-pin pin again, same cache directory (repeat run)', tree, command: ['pin'], expectedExit: 0, expectAllPinned: true, cache: 'warm' }));
  rows.push(...(await pinAgainstFloor(ctx, label, tree, images)));
  rows.push(await measureCli(ctx, { id: 's1.checkIndex', scenario: label, what: 'docker-pin check --index, index pins current', tree: indexPinned, command: ['check', '--index'], expectedExit: 0 }));
  rows.push(
    ...(await measureEngine(
      ctx,
      tree,
      { id: 's1.engine', scenario: label, what: 'engine analyze(), cold client' },
      { id: 's3.s1.warm', scenario: `3 · warm, ${label.slice(4)}`, what: 'engine analyze(), same client again' },
    )),
  );
  const skopeo = await measureSkopeo(ctx, 's1.skopeo', label, images, ctx.options.runs);
  if (skopeo) rows.push(skopeo);
  rows.push(...floorRows(ctx, 's1', label, images.length));
  return rows;
}
