// Deletes every Redis key under a prefix: what a test run (test/setup/global.ts) or an app
// benchmark (bench/app-harness.ts) leaves in the local Redis under its private queue prefix.
// Apart from scripts/redis.mjs, which runs before `npm ci`: this one needs ioredis.

/** Scans `prefix:*` at `url` and deletes the keys, a page at a time; rejects when Redis does not answer (2 s). */
export async function deleteKeysWithPrefix(url, prefix) {
  const { Redis } = await import("ioredis");
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null, connectTimeout: 2000 });
  redis.on("error", () => {});
  try {
    await redis.connect();
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}
