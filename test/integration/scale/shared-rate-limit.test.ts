/**
 * The per-key rate limit is one budget across web processes: two limiters (as two processes
 * would hold) on one Redis share the bucket; another key or another instance prefix has its own;
 * with Redis unreachable each falls back to a per-process bucket instead of failing requests.
 */
import { afterAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { Redis } from "ioredis";
import { SharedRateLimiter } from "../../../server/api/v1/ratelimit";

const ctx = inject("evalbook");
const redis = new Redis(ctx.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 1 });
redis.on("error", () => {});
afterAll(async () => {
  await redis.quit();
});

describe("SharedRateLimiter", () => {
  it("two processes' limiters draw from one bucket per key", async () => {
    const prefix = `${ctx.queuePrefix}:rl-${Date.now()}`;
    const a = new SharedRateLimiter(10, async () => redis, prefix);
    const b = new SharedRateLimiter(10, async () => redis, prefix);
    const waits: number[] = [];
    for (let i = 0; i < 12; i++) waits.push(await (i % 2 ? a : b).take("key:k1"));
    expect(waits.slice(0, 10)).toEqual(new Array(10).fill(0));
    expect(waits[10]).toBeGreaterThanOrEqual(1); // 10 per minute: the 11th waits ~6 s
    expect(waits[10]).toBeLessThanOrEqual(6);
    expect(await a.take("key:k2")).toBe(0); // another key
    expect(await new SharedRateLimiter(10, async () => redis, `${prefix}-other`).take("key:k1")).toBe(0); // another instance
    expect(await redis.pttl(`${prefix}:key:k1`)).toBeGreaterThan(0); // idle buckets expire
  });

  it("falls back to a per-process bucket when Redis does not answer", async () => {
    const fallbacks: string[] = [];
    const dead = new Redis("redis://127.0.0.1:1", { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    dead.on("error", () => {});
    const limiter = new SharedRateLimiter(2, async () => dead, "x", { timeoutMs: 200, onFallback: (e) => fallbacks.push(e.message) });
    const hanging = new SharedRateLimiter(2, () => new Promise<Redis>(() => {}), "x", { timeoutMs: 100, onFallback: (e) => fallbacks.push(e.message) });
    expect([await limiter.take("k"), await limiter.take("k"), await limiter.take("k")].map((w) => w > 0)).toEqual([false, false, true]);
    expect(await hanging.take("k")).toBe(0);
    expect(fallbacks.length).toBe(4);
    expect(fallbacks[3]).toMatch(/within 100 ms/);
    dead.disconnect();
  });
});
