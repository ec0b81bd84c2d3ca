import * as assert from 'node:assert/strict';
import { HostFailures } from '../../src/registry/hostFailures';

describe('registry/hostFailures', () => {
  let clock: number;
  let failures: HostFailures;
  beforeEach(() => {
    clock = 1_000_000;
    failures = new HostFailures(() => clock, 30_000);
  });

  it('fails further requests to a host that did not answer, naming it, for 30 s', () => {
    assert.equal(failures.check('reg.example', 'manifest for reg.example/a:1'), undefined);
    failures.failed('reg.example', clock - 5_000, 'TIMEOUT', 'reg.example did not answer within 5 s');
    clock += 10_000;
    const e = failures.check('reg.example', 'manifest for reg.example/b:2');
    assert.ok(e);
    assert.equal(e.code, 'TIMEOUT');
    assert.equal(e.details.host, 'reg.example');
    assert.equal(e.message, 'manifest for reg.example/b:2: reg.example did not answer within 5 s on an earlier request; not asking it again for 20 s');
    assert.equal(failures.check('other.example', 'x'), undefined, 'other hosts are not affected');
    clock += 20_000;
    assert.equal(failures.check('reg.example', 'x'), undefined, 'asked again after 30 s');
  });

  it('keeps the failure kind: NETWORK stays NETWORK', () => {
    failures.failed('reg.example', clock, 'NETWORK', 'cannot reach reg.example: host unreachable (EHOSTUNREACH)');
    assert.equal(failures.check('reg.example', 'x')?.code, 'NETWORK');
  });

  it('ignores a failure when the host answered another request after it began (one slow request)', () => {
    const began = clock;
    clock += 1_000;
    failures.answered('reg.example');
    clock += 4_000;
    failures.failed('reg.example', began, 'TIMEOUT', 'reg.example did not answer within 5 s');
    assert.equal(failures.check('reg.example', 'x'), undefined);
  });

  it('forgets a host once it answers, and everything on clear', () => {
    failures.failed('a.example', clock, 'TIMEOUT', 'a');
    failures.failed('b.example', clock, 'TIMEOUT', 'b');
    failures.answered('a.example');
    assert.equal(failures.check('a.example', 'x'), undefined);
    assert.ok(failures.check('b.example', 'x'));
    failures.clear();
    assert.equal(failures.check('b.example', 'x'), undefined);
  });
});
