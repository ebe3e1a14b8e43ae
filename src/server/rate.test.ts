import { describe, expect, it } from 'vitest';
import { createRateLimit } from './rate.ts';

describe('the ingest rate limit', () => {
  it('lets a burst through, then one request per refill, per key', () => {
    const limit = createRateLimit(60, 3);
    const t = 1_000_000;
    expect([limit.take('a', t), limit.take('a', t), limit.take('a', t)]).toEqual([null, null, null]);
    expect(limit.take('a', t)).toBe(1);
    // Another key has its own bucket.
    expect(limit.take('b', t)).toBeNull();
    // 60 a minute: one more after a second.
    expect(limit.take('a', t + 1000)).toBeNull();
    expect(limit.take('a', t + 1000)).toBe(1);
  });

  it('says how long to wait', () => {
    const limit = createRateLimit(2, 1);
    expect(limit.take('k', 0)).toBeNull();
    expect(limit.take('k', 0)).toBe(30);
    expect(limit.take('k', 20_000)).toBe(10);
    expect(limit.take('k', 30_000)).toBeNull();
  });

  it('keeps at most maxKeys buckets: memory stays bounded under many clients', () => {
    const limit = createRateLimit(1, 1, 100);
    for (let i = 0; i < 10_000; i++) limit.take(`client-${i}`, 0);
    // The oldest buckets were forgotten: client-0 starts afresh.
    expect(limit.take('client-0', 0)).toBeNull();
    // A recent one was kept and is still empty.
    expect(limit.take('client-9999', 0)).toBe(60);
  });
});
