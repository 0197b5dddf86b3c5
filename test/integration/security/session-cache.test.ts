/**
 * The per-process session cache (server/auth/session-cache.ts) on a real SQLite database through
 * better-auth: a verified session is answered without the database for a few seconds, a sign-out
 * through this process's auth route ends it at once, a session revoked elsewhere ends here within
 * SESSION_CACHE_SECONDS, and a cookie whose signature was altered never finds the entry.
 */
import { describe, expect, it } from "vitest";
import { POST } from "@/app/api/auth/[...all]/route";
import { appUrl } from "@/server/env";
import { prisma } from "@/server/db/client";
import { readSession } from "@/server/auth/session";
import { cacheSession, cachedSession, forgetCachedSessions, sessionCacheKey } from "@/server/auth/session-cache";
import { signUp, uniqueEmail } from "../../helpers/auth";

const headersOf = (cookie: string) => new Headers({ cookie });
const tokenOf = (cookie: string) => decodeURIComponent(/better-auth\.session_token=([^;]+)/.exec(cookie)![1]!).split(".")[0]!;

describe("session cache", () => {
  it("answers a verified session without the database until SESSION_CACHE_SECONDS pass", async () => {
    const { cookie, userId } = await signUp(uniqueEmail("cache"));
    expect(await readSession(headersOf(cookie))).toMatchObject({ status: "signed-in", user: { id: userId } });
    // Revoked by another web process: this one still has it for a few seconds…
    await prisma.session.deleteMany({ where: { token: tokenOf(cookie) } });
    expect(await readSession(headersOf(cookie))).toMatchObject({ status: "signed-in" });
    // …and goes back to the database once the entry is gone.
    forgetCachedSessions();
    expect(await readSession(headersOf(cookie))).toEqual({ status: "expired" });
  });

  it("forgets at once when the session signs out through this process", async () => {
    const { cookie } = await signUp(uniqueEmail("cache-out"));
    expect((await readSession(headersOf(cookie))).status).toBe("signed-in");
    const res = await POST(new Request(`${appUrl()}/api/auth/sign-out`, { method: "POST", headers: { cookie, origin: appUrl(), "content-type": "application/json", "x-evalbook-peer": "198.51.100.9" }, body: "{}" }));
    expect(res.status).toBe(200);
    expect(await readSession(headersOf(cookie))).toEqual({ status: "expired" });
  });

  it("does not let a cookie with an altered signature reach a cached session", async () => {
    const { cookie } = await signUp(uniqueEmail("cache-sig"));
    expect((await readSession(headersOf(cookie))).status).toBe("signed-in");
    const forged = cookie.replace(/(better-auth\.session_token=[^.;]+\.)([^;])/, (_, head: string, c: string) => head + (c === "A" ? "B" : "A"));
    expect(forged).not.toBe(cookie);
    expect(sessionCacheKey(forged)).not.toBe(sessionCacheKey(cookie));
    expect((await readSession(headersOf(forged))).status).not.toBe("signed-in");
  });

  it("keeps an entry no longer than the session's own expiry, and none without a session cookie", () => {
    const now = Date.UTC(2026, 10, 1);
    cacheSession("k", { status: "signed-in" }, new Date(now + 2000), now);
    expect(cachedSession("k", now + 1999)).toEqual({ status: "signed-in" });
    expect(cachedSession("k", now + 2000)).toBeUndefined();
    cacheSession("k2", 1, new Date(now + 3_600_000), now);
    expect(cachedSession("k2", now + 9_999)).toBe(1);
    expect(cachedSession("k2", now + 10_000)).toBeUndefined(); // SESSION_CACHE_SECONDS = 10
    expect(sessionCacheKey("theme=dark")).toBeNull();
    expect(sessionCacheKey(null)).toBeNull();
  });
});
