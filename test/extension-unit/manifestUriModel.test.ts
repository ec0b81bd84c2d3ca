import * as assert from 'node:assert/strict';
import { parsePlatform } from '../../src/core/platform';
import { parseReference } from '../../src/core/reference';
import { manifestPath, manifestQuery, parseManifestQuery } from '../../src/extension/manifestUriModel';
import { AMD64 } from './fixtures';

describe('extension manifestUriModel: manifest document names', () => {
  it('titles a tag with its platform, as a .json file', () => {
    const path = manifestPath({ reference: parseReference('alpine:3.20'), platform: parsePlatform('linux/amd64') });
    assert.equal(path, '/docker.io/library/alpine/3.20 (linux-amd64).json');
  });

  it('titles an index without a platform, and a variant with dashes', () => {
    assert.equal(manifestPath({ reference: parseReference('ghcr.io/o/app:1.0') }), '/ghcr.io/o/app/1.0.json');
    assert.equal(manifestPath({ reference: parseReference('alpine:3'), platform: parsePlatform('linux/arm/v7') }), '/docker.io/library/alpine/3 (linux-arm-v7).json');
  });

  it('titles digests by their first 12 hex digits', () => {
    assert.equal(manifestPath({ reference: parseReference(`alpine@${AMD64}`) }), '/docker.io/library/alpine/sha256-aaaaaaaaaaaa.json');
    assert.equal(manifestPath({ reference: parseReference(`alpine:3.20@${AMD64}`) }), '/docker.io/library/alpine/3.20@sha256-aaaaaaaaaaaa.json');
    assert.equal(manifestPath({ reference: parseReference('alpine') }), '/docker.io/library/alpine/latest.json');
  });

  it('round-trips reference and platform through the query', () => {
    const target = { reference: parseReference(`localhost:5000/team/app:v1@${AMD64}`), platform: parsePlatform('linux/arm64') };
    const back = parseManifestQuery(manifestQuery(target));
    assert.deepEqual(back, target);
    assert.deepEqual(parseManifestQuery(manifestQuery({ reference: parseReference('alpine') })), { reference: parseReference('alpine') });
  });

  it('refuses a damaged query with a DockerPinError', () => {
    assert.throws(() => parseManifestQuery('ref=NOT%20VALID'), { name: 'DockerPinError' });
  });
});
