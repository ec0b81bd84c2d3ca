// An open compose file whose folder holds the override file docker compose merges over it
// (compose.override.yaml): a service's platform: there is the merged service's, so the service's
// image in compose.yaml is offered that platform's digest, as check . pins it. Real registry, real VS Code.
import * as assert from 'node:assert';
import { pushImage } from '../../support/push';
import { activateExtension, childFor, closeAllEditors, lensOn, openUri, registry, short, writeWorkspaceFile } from './helpers';

describe("An open compose file beside its override file: a service's platform there is the merged service's", () => {
  let arm64: string;

  before(async () => {
    // An image no other suite names: answers cached there cannot stand in for this push.
    const pushed = await pushImage(registry('public'), 'library/liveoverride', '1.0', { platforms: ['linux/amd64', 'linux/arm64'] });
    arm64 = childFor(pushed.children, 'linux/arm64').digest;
    await activateExtension();
    await closeAllEditors();
  });

  afterEach(closeAllEditors);

  it("offers the override's platform digest for the service's image", async () => {
    writeWorkspaceFile('liveoverride/compose.override.yaml', 'services:\n  db:\n    platform: linux/arm64\n');
    const compose = writeWorkspaceFile('liveoverride/compose.yaml', 'services:\n  db:\n    image: liveoverride:1.0\n');
    await openUri(compose);
    assert.deepStrictEqual(await lensOn(compose, 2, short(arm64)), [`Pin to ${short(arm64)} (linux/arm64)`, 'Pin index (multi-arch)']);
  });
});
