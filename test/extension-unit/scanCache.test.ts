import * as assert from 'node:assert/strict';
import { ScanCache } from '../../src/extension/scanCache';

describe('extension scanCache: one scan per document version', () => {
  it('scans once per version and again after a change', () => {
    const cache = new ScanCache();
    let reads = 0;
    const text = (t: string) => () => (reads++, t);
    const first = cache.scan('file:///Dockerfile', 1, text('FROM alpine:3.20\n'));
    assert.equal(first.images[0]?.reference.repository, 'library/alpine');
    assert.equal(cache.scan('file:///Dockerfile', 1, text('ignored')), first);
    assert.equal(reads, 1);
    const second = cache.scan('file:///Dockerfile', 2, text('FROM debian:12\n'));
    assert.equal(second.images[0]?.reference.repository, 'library/debian');
    cache.forget('file:///Dockerfile');
    cache.scan('file:///Dockerfile', 2, text('FROM debian:12\n'));
    assert.equal(reads, 3);
  });
});
