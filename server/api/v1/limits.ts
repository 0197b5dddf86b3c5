import { env } from "../../env";
import { DomainError } from "../../domain/errors";
import { RateLimiter } from "./ratelimit";
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
 */
const limiters = {
  api: { limiter: new RateLimiter(env.INGEST_RATE_LIMIT_PER_MINUTE), perMinute: env.INGEST_RATE_LIMIT_PER_MINUTE, envName: "INGEST_RATE_LIMIT_PER_MINUTE" },
  render: { limiter: new RateLimiter(env.EXPORT_RATE_LIMIT_PER_MINUTE), perMinute: env.EXPORT_RATE_LIMIT_PER_MINUTE, envName: "EXPORT_RATE_LIMIT_PER_MINUTE" },
};

export function takeToken(kind: "api" | "render", auth: V1Auth): void {
  const { limiter, perMinute, envName } = limiters[kind];
  const wait = limiter.take(auth.kind === "key" ? `key:${auth.key.id}` : `user:${auth.userId}`);
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
