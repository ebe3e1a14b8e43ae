/**
 * A token bucket per client key (the access token, else the client address): at most `burst`
 * requests at once, refilled at `perMinute`. Memory is bounded: the least recently seen keys
 * are forgotten past `maxKeys`.
 * @module
 */

export interface RateLimit {
  /** Null when the request may go ahead; else the seconds to wait before the next one. */
  take(key: string, nowMs: number): number | null;
}

export function createRateLimit(perMinute: number, burst = perMinute, maxKeys = 10_000): RateLimit {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const perMs = perMinute / 60_000;
  return {
    take(key, nowMs) {
      let bucket = buckets.get(key);
      if (bucket) buckets.delete(key);
      else bucket = { tokens: burst, at: nowMs };
      bucket.tokens = Math.min(burst, bucket.tokens + Math.max(0, nowMs - bucket.at) * perMs);
      bucket.at = nowMs;
      buckets.set(key, bucket);
      if (buckets.size > maxKeys) buckets.delete(buckets.keys().next().value!);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return null;
      }
      return Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
    },
  };
}
