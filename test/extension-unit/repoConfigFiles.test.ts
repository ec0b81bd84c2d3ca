// The extension's repository configs, read from disk as the CLI finds them.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RepoConfigFiles } from '../../src/extension/repoConfigFiles';

describe('extension RepoConfigFiles', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'docker-pin-repo-configs-'));
    mkdirSync(join(dir, 'svc', 'vendor'), { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('the nearest config up to the workspace folder, named from it, with what it leaves out', () => {
    writeFileSync(join(dir, 'svc', '.docker-pin.yaml'), 'platform: linux/arm64\nignore:\n  paths: [vendor/]\n');
    const files = new RepoConfigFiles();
    const kept = files.for(join(dir, 'svc', 'Dockerfile'), dir);
    assert.equal(kept.config?.file, 'svc/.docker-pin.yaml');
    assert.equal(kept.excludes, false);
    assert.equal(files.for(join(dir, 'svc', 'vendor', 'Dockerfile'), dir).excludes, true);
    assert.deepEqual(files.for(join(dir, 'Dockerfile'), dir), {});
  });

  it('an invalid config is a problem, and a change is read after reset', () => {
    writeFileSync(join(dir, '.docker-pin.yml'), 'platform: linux/amd6\n');
    const files = new RepoConfigFiles();
    assert.match(files.for(join(dir, 'Dockerfile'), dir).problem ?? '', /^\.docker-pin\.yml:1: platform: "linux\/amd6" is not a platform/);
    writeFileSync(join(dir, '.docker-pin.yml'), 'platform: linux/amd64\n');
    assert.ok(files.for(join(dir, 'Dockerfile'), dir).problem, 'read once until reset');
    files.reset();
    assert.equal(files.for(join(dir, 'Dockerfile'), dir).problem, undefined);
  });
});
