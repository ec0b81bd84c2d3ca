import * as assert from 'node:assert/strict';
import { Stages } from '../../src/core/stages';

describe('core/stages', () => {
  const stages = new Stages(['Build', undefined, 'test']);

  it('lets a FROM build only on stages declared before it, comparing names in lowercase', () => {
    assert.equal(stages.isEarlierStage('build', 1), true);
    assert.equal(stages.isEarlierStage('BUILD', 2), true);
    assert.equal(stages.isEarlierStage('build', 0), false, 'a stage cannot build on itself');
    assert.equal(stages.isEarlierStage('test', 2), false, 'a later stage is an image name for FROM');
  });

  it('treats any stage name or any number as a stage for COPY --from and mounts', () => {
    assert.equal(stages.isStageReference('TEST'), true);
    assert.equal(stages.isStageReference('0'), true);
    assert.equal(stages.isStageReference('17'), true);
    assert.equal(stages.isStageReference('alpine'), false);
    assert.equal(stages.isStageReference('build:1'), false);
  });
});
