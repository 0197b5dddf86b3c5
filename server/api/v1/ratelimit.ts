import { BoundedCache } from "../../cache/bounded-cache";
import type { Redis } from "ioredis";

/**
 * Per-key token bucket, in process memory: `perMinute` requests per minute with bursts up to the
 * same number. SharedRateLimiter (below) keeps the bucket in Redis so N web processes enforce one
 * limit; this one is its fallback while Redis does not answer.
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

/**
 * The same bucket in Redis, shared by every web process of the instance: one Lua script reads,
 * refills and takes atomically, on Redis's clock (processes' clocks may differ). While Redis is
 * unreachable or slow (> `timeoutMs`), each process falls back to its own in-memory bucket —
 * ingest keeps working, each process then allowing the full rate.
 */
const TAKE = `
local cap = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(b[1]) or cap
local at = tonumber(b[2]) or now
tokens = math.min(cap, tokens + math.max(0, now - at) * rate)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = math.max(1, math.ceil((1 - tokens) / rate / 1000)) end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(cap / rate) + 1000)
return wait`;

export class SharedRateLimiter {
  private readonly local: RateLimiter;

  constructor(
    private readonly perMinute: number,
    private readonly redis: () => Promise<Redis>,
    private readonly keyPrefix: string,
    private readonly options: { timeoutMs?: number; onFallback?: (err: Error) => void } = {},
  ) {
    this.local = new RateLimiter(perMinute);
  }

  /** Takes one token; resolves 0 when allowed, else the seconds to wait before retrying. */
  async take(key: string): Promise<number> {
    const timeoutMs = this.options.timeoutMs ?? 250;
    let timer: NodeJS.Timeout | undefined;
    try {
      const shared = (async () => {
        const client = await this.redis();
        return Number(await client.eval(TAKE, 1, `${this.keyPrefix}:${key}`, this.perMinute, this.perMinute / 60_000));
      })();
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`Redis did not answer the rate-limit check within ${timeoutMs} ms`)), timeoutMs);
      });
      shared.catch(() => {}); // a late failure after the timeout must not surface as unhandled
      return await Promise.race([shared, late]);
    } catch (err) {
      this.options.onFallback?.(err as Error);
      return this.local.take(key);
    } finally {
      clearTimeout(timer);
    }
  }
}
