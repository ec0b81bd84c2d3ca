import * as assert from 'node:assert/strict';
import { ignoreReason, readIgnoreDirective } from '../../src/core/ignoreDirective';

describe('ignore directives: the words of a comment', () => {
  const cases: ReadonlyArray<[string, ReturnType<typeof readIgnoreDirective> | 'malformed']> = [
    [' docker-pin: ignore', { ignore: true, form: 'docker-pin' }],
    ['docker-pin:ignore', { ignore: true, form: 'docker-pin' }],
    ['  Docker-Pin : IGNORE  ', { ignore: true, form: 'docker-pin' }],
    [' docker-pin: ignore: vendored base, updated by hand ', { ignore: true, form: 'docker-pin', reason: 'vendored base, updated by hand' }],
    ['docker-pin: ignore:', { ignore: true, form: 'docker-pin' }],
    [' ratchet:exclude', { ignore: true, form: 'ratchet' }],
    [' docker-pin: ignor', 'malformed'],
    [' docker-pin: ignored', 'malformed'],
    [' docker-pin: ignore because vendored', 'malformed'],
    [' docker-pin ignore', 'malformed'],
    [' docker-pin: pin', 'malformed'],
    // Other comments are no business of docker-pin's.
    [' docker-pin pins these images', undefined],
    [' ratchet:actions/checkout@v4', undefined],
    [' ignore', undefined],
    [' syntax=docker/dockerfile:1', undefined],
  ];
  for (const [content, expected] of cases) {
    it(JSON.stringify(content), () => {
      const read = readIgnoreDirective(content);
      if (expected === 'malformed') {
        assert.equal(read?.ignore, false);
        assert.match(read?.ignore === false ? read.message : '', /^unknown docker-pin directive ".*": the only one is "docker-pin: ignore"/);
      } else {
        assert.deepEqual(read, expected);
      }
    });
  }

  it('a reason names the comment\'s line, its file when another, and the words after the colon', () => {
    assert.equal(ignoreReason({ ignore: true, form: 'docker-pin' }, 3), 'ignore comment on line 3');
    assert.equal(ignoreReason({ ignore: true, form: 'docker-pin', reason: 'vendored' }, 3), 'ignore comment on line 3: vendored');
    assert.equal(ignoreReason({ ignore: true, form: 'ratchet' }, 2, '.env'), 'ratchet:exclude comment on line 2 of .env');
  });
});
