import { env } from "../../env";
import { DomainError } from "../../domain/errors";
import { logger } from "../../logger";
import { getProducerConnection } from "../../jobs/queues";
import { SharedRateLimiter } from "./ratelimit";
import type { V1Auth } from "./auth";

export const LIMITS = {
  get maxBodyBytes() {
    return env.INGEST_MAX_BODY_BYTES;
  },
  get maxRows() {
    return env.INGEST_MAX_ROWS;
  },
  /** Baselines are reference snapshots, uploaded rarely: ten times the batch limits. */
  get baselineMaxBytes() {
    return env.INGEST_MAX_BODY_BYTES * 10;
  },
  get baselineMaxRows() {
    return env.INGEST_MAX_ROWS * 10;
  },
};

/**
 * Two budgets per key (or signed-in user): API calls, and renders (HTML/PDF exports start a
 * headless browser, so a handful per minute is plenty and a flood must not starve ingest).
 * The buckets live in Redis, so N web processes enforce one limit (ratelimit.ts).
 */
let lastFallbackLog = 0;
const onFallback = (err: Error) => {
  if (Date.now() - lastFallbackLog < 60_000) return;
  lastFallbackLog = Date.now();
  logger.warn({ err: err.message }, "rate limit: Redis unavailable, limiting per process meanwhile");
};
const shared = (perMinute: number, kind: string) =>
  new SharedRateLimiter(perMinute, () => getProducerConnection({ timeoutMs: 250 }), `${env.QUEUE_PREFIX}:ratelimit:${kind}`, { onFallback });
const limiters = {
  api: { limiter: shared(env.INGEST_RATE_LIMIT_PER_MINUTE, "api"), perMinute: env.INGEST_RATE_LIMIT_PER_MINUTE, envName: "INGEST_RATE_LIMIT_PER_MINUTE" },
  render: { limiter: shared(env.EXPORT_RATE_LIMIT_PER_MINUTE, "render"), perMinute: env.EXPORT_RATE_LIMIT_PER_MINUTE, envName: "EXPORT_RATE_LIMIT_PER_MINUTE" },
};

export async function takeToken(kind: "api" | "render", auth: V1Auth): Promise<void> {
  const { limiter, perMinute, envName } = limiters[kind];
  const wait = await limiter.take(auth.kind === "key" ? `key:${auth.key.id}` : `user:${auth.userId}`);
  if (wait <= 0) return;
  const who = auth.kind === "key" ? "this key" : "you";
  const advice =
    kind === "api"
      ? `Send bigger batches (up to ${env.INGEST_MAX_ROWS.toLocaleString("en-US")} rows) rather than more requests.`
      : "Exports render in a headless browser; download the file once and share it, or share a link.";
  throw new DomainError("TOO_MANY_REQUESTS", `Rate limit of ${perMinute} ${kind === "api" ? "requests" : "exports"} per minute for ${who} reached; retry after ${wait} s. ${advice}`, {
    retryAfterSeconds: wait,
    limitPerMinute: perMinute,
    setting: envName,
  });
}
