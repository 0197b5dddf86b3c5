import { auth } from "./auth";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
}

export type SessionState =
  | { status: "signed-in"; user: SessionUser; expiresAt: Date }
  | { status: "expired" }
  | { status: "signed-out" };

const SESSION_COOKIE = /(?:^|;\s*)(?:__Secure-)?better-auth\.session_token=/;

/** Reads the session from request headers, telling an expired or revoked session apart from none. */
export async function readSession(headers: Headers): Promise<SessionState> {
  const result = await auth.api.getSession({ headers });
  if (result?.user) {
    return {
      status: "signed-in",
      user: { id: result.user.id, email: result.user.email, name: result.user.name },
      expiresAt: new Date(result.session.expiresAt),
    };
  }
  return SESSION_COOKIE.test(headers.get("cookie") ?? "") ? { status: "expired" } : { status: "signed-out" };
}
