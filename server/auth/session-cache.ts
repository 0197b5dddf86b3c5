/**
 * The signed-in sessions this process looked up in the last few seconds, so that a page render does
 * not repeat better-auth's two database reads (session, user: ~2.5–3 ms of CPU) for a session it
 * has just verified. Keyed by a SHA-256 of the signed cookie value (the exact string better-auth
 * verified, signature included), so only that cookie finds the entry; only signed-in answers are
 * kept, for SESSION_CACHE_SECONDS at most and never past the session's own expiry.
 *
 * A change made through this process's auth routes (sign-out, password or profile change, session
 * revocation) empties the cache at once; one made through another web process takes effect here
 * within SESSION_CACHE_SECONDS.
 */
import { createHash } from "node:crypto";
import { env } from "../env";
import { processSingleton } from "../process-singleton";

interface CachedSession<T> {
  value: T;
  /** Epoch ms after which the entry is not used. */
  until: number;
}

/** Enough for every session of a large team; beyond it the oldest entries go first. */
const MAX_ENTRIES = 10_000;

/** better-auth's session cookie in a Cookie header; group 1 is its signed value (may be empty). */
export const SESSION_COOKIE = /(?:^|;\s*)(?:__Secure-)?better-auth\.session_token=([^;]*)/;

const entries = processSingleton("auth.session-cache", () => new Map<string, CachedSession<unknown>>());

/** The cache key of the request's session cookie, or null when it carries none. */
export function sessionCacheKey(cookieHeader: string | null): string | null {
  const token = cookieHeader ? SESSION_COOKIE.exec(cookieHeader)?.[1] : undefined;
  return token ? createHash("sha256").update(token).digest("base64url") : null;
}

export function cachedSession<T>(key: string, now = Date.now()): T | undefined {
  const map = entries.get();
  const hit = map.get(key);
  if (!hit) return undefined;
  if (hit.until > now) return hit.value as T;
  map.delete(key);
  return undefined;
}

/** Keeps a signed-in answer until `expiresAt` or SESSION_CACHE_SECONDS from now, whichever is first. */
export function cacheSession<T>(key: string, value: T, expiresAt: Date, now = Date.now()): void {
  const ttl = env.SESSION_CACHE_SECONDS * 1000;
  if (ttl <= 0) return;
  const map = entries.get();
  map.delete(key);
  if (map.size >= MAX_ENTRIES) map.delete(map.keys().next().value!);
  map.set(key, { value, until: Math.min(now + ttl, expiresAt.getTime()) });
}

/** After any change to sessions or users through this process: the next lookups go to the database. */
export function forgetCachedSessions(): void {
  entries.peek()?.clear();
}
