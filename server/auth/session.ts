import { auth } from "./auth";
import { SESSION_COOKIE, cacheSession, cachedSession, sessionCacheKey } from "./session-cache";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
}

export type SessionState =
  | { status: "signed-in"; user: SessionUser; expiresAt: Date }
  | { status: "expired" }
  | { status: "signed-out" };

/** Reads the session from request headers, telling an expired or revoked session apart from none. */
export async function readSession(headers: Headers): Promise<SessionState> {
  const cookie = headers.get("cookie");
  const key = sessionCacheKey(cookie);
  const hit = key ? cachedSession<SessionState>(key) : undefined;
  if (hit) return hit;
  const result = await auth.api.getSession({ headers });
  if (result?.user) {
    const state: SessionState = {
      status: "signed-in",
      user: { id: result.user.id, email: result.user.email, name: result.user.name },
      expiresAt: new Date(result.session.expiresAt),
    };
    if (key) cacheSession(key, state, state.expiresAt);
    return state;
  }
  return SESSION_COOKIE.test(cookie ?? "") ? { status: "expired" } : { status: "signed-out" };
}
