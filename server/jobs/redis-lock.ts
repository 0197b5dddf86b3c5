import { env } from "../env";
import { getProducerConnection } from "./queues";

/**
 * Runs `fn` while holding the Redis lock `name` (under QUEUE_PREFIX) for at most `ttlMs`, so one
 * process of many does a periodic sweep (the reconciler, the outbox drain); null, without running
 * `fn`, when another process holds it. Releases only its own lock (a token compared in Lua).
 */
export async function withRedisLock<T>(name: string, ttlMs: number, fn: () => Promise<T>): Promise<T | null> {
  const client = await getProducerConnection();
  const key = `${env.QUEUE_PREFIX}:${name}`;
  const token = `${process.pid}-${Math.random()}`;
  if ((await client.set(key, token, "PX", ttlMs, "NX")) !== "OK") return null;
  try {
    return await fn();
  } finally {
    await client.eval("if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0", 1, key, token).catch(() => {});
  }
}
