import { BoundedCache } from "../../cache/bounded-cache";

/**
 * Per-key token bucket, in process memory: `perMinute` requests per minute with bursts up to the
 * same number. One web process (the default deployment) enforces the limit exactly; with N web
 * servers each allows the full rate — move the bucket to Redis (INCR + PEXPIRE) when scaling out.
 */
export class RateLimiter {
  /** At most 10,000 keys' buckets; an evicted (least recently used) key starts with a full bucket. */
  private readonly buckets = new BoundedCache<string, { tokens: number; at: number }>({ name: "rate-limit buckets", maxEntries: 10_000 });

  constructor(
    private readonly perMinute: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Takes one token; returns 0 when allowed, else the seconds to wait before retrying. */
  take(key: string): number {
    const now = this.clock();
    const rate = this.perMinute / 60_000;
    const b = this.buckets.get(key) ?? { tokens: this.perMinute, at: now };
    b.tokens = Math.min(this.perMinute, b.tokens + (now - b.at) * rate);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / rate / 1000));
  }
}
