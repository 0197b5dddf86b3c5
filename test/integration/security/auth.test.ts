/**
 * Sign-up and sign-in through the real auth route (app/api/auth/[...all] → gate → better-auth) on
 * a real SQLite database: invitation tokens, one answer for every refused sign-up, and attempt
 * limits that rotating X-Forwarded-For does not get around.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/auth/[...all]/route";
import { appUrl } from "@/server/env";
import { prisma } from "@/server/db/client";
import { SIGN_UP_REFUSED } from "@/server/auth/signup-policy";
import { callerFor, createWorkspaceWith, inviteTokenOf, signUp, uniqueEmail } from "../../helpers/auth";

const PASSWORD = "correct horse battery";

function authPost(path: string, body: unknown, headers: Record<string, string> = {}) {
  return POST(
    new Request(`${appUrl()}/api/auth${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: appUrl(), "x-evalbook-peer": "198.51.100.7", ...headers },
      body: JSON.stringify(body),
    }),
  );
}
const signUpAs = (email: string, token?: string, peer = "198.51.100.7") =>
  authPost("/sign-up/email", { email, password: PASSWORD, name: "x" }, { "x-evalbook-peer": peer, ...(token ? { "x-evalbook-invite": token } : {}) });

describe("invitations and sign-up", () => {
  let workspaceSlug = "";
  let admin: Awaited<ReturnType<typeof callerFor>>;

  beforeAll(async () => {
    const a = await signUp(uniqueEmail("sec-admin"));
    workspaceSlug = `sec-${Date.now()}`;
    await createWorkspaceWith(workspaceSlug, [{ userId: a.userId, role: "admin" }]);
    admin = await callerFor(a.cookie);
  }, 90_000);

  const invite = async (email: string) => {
    const r = (await admin.workspace.invite({ workspaceSlug, email, role: "editor" })) as { status: string; inviteUrl: string };
    expect(r.status).toBe("invited");
    expect(r.inviteUrl).toMatch(/\/sign-up\?invite=[A-Za-z0-9_-]{43}$/);
    return inviteTokenOf(r.inviteUrl);
  };

  it("refuses an invited address without the link's token, with the same answer as for an existing account or a stranger", async () => {
    const invited = uniqueEmail("invited");
    await invite(invited);
    const existing = uniqueEmail("existing");
    await signUp(existing);
    const answers = [];
    for (const [i, email] of [invited, existing, uniqueEmail("stranger")].entries()) {
      const res = await signUpAs(email, undefined, `198.51.100.${20 + i}`);
      answers.push({ status: res.status, body: await res.json() });
    }
    expect(answers[0]).toEqual({ status: 403, body: { code: "FORBIDDEN", message: SIGN_UP_REFUSED } });
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    expect(await prisma.user.count({ where: { email: invited } })).toBe(0);
  }, 90_000);

  it("accepts the token once, only for the invited address, and joins the workspace with the role", async () => {
    const email = uniqueEmail("holder");
    const token = await invite(email);
    const wrong = await signUpAs(uniqueEmail("thief"), token, "198.51.100.30");
    expect(wrong.status).toBe(403);
    const ok = await signUpAs(email, token, "198.51.100.31");
    expect(ok.status).toBe(200);
    const user = await prisma.user.findUniqueOrThrow({ where: { email } });
    const ws = await prisma.workspace.findUniqueOrThrow({ where: { slug: workspaceSlug } });
    expect(await prisma.membership.findUnique({ where: { workspaceId_userId: { workspaceId: ws.id, userId: user.id } } })).toMatchObject({ role: "editor" });
    const again = await signUpAs(email, token, "198.51.100.32");
    expect(again.status).toBe(403);
    expect(((await again.json()) as { message: string }).message).toBe(SIGN_UP_REFUSED);
  }, 90_000);

  it("refuses an expired token, and a new link replaces the old one", async () => {
    const email = uniqueEmail("late");
    const first = await invite(email);
    const second = await invite(email);
    expect((await signUpAs(email, first, "198.51.100.40")).status).toBe(403);
    await prisma.invitation.updateMany({ where: { email }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await signUpAs(email, second, "198.51.100.41")).status).toBe(403);
    expect(await prisma.user.count({ where: { email } })).toBe(0);
  }, 90_000);
});

// Every sign-up/sign-in hashes a password (scrypt): generous timeouts for a loaded CI machine.
describe("sign-in attempt limits", () => {
  const LIMIT = 10; // SIGN_IN_ATTEMPTS_PER_10_MINUTES default: failed attempts

  it("counts one client however it rotates X-Forwarded-For", async () => {
    const email = uniqueEmail("victim");
    await signUp(email);
    const statuses: number[] = [];
    for (let i = 0; i <= LIMIT; i++) {
      const res = await authPost("/sign-in/email", { email: uniqueEmail("guess"), password: "wrong password" }, { "x-evalbook-peer": "203.0.113.50", "x-forwarded-for": `10.0.${i}.1` });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, LIMIT).every((s) => s === 401)).toBe(true);
    expect(statuses[LIMIT]).toBe(429);
  }, 90_000);

  it("does not count successful sign-ins", async () => {
    const email = uniqueEmail("regular");
    await signUp(email);
    for (let i = 0; i <= LIMIT + 2; i++) {
      const res = await authPost("/sign-in/email", { email, password: PASSWORD }, { "x-evalbook-peer": "203.0.113.60" });
      expect(res.status).toBe(200);
    }
  }, 90_000);

  it("limits one account from many addresses", async () => {
    const email = uniqueEmail("target");
    await signUp(email);
    const statuses: number[] = [];
    for (let i = 0; i <= LIMIT; i++) {
      const res = await authPost("/sign-in/email", { email, password: "wrong password" }, { "x-evalbook-peer": `203.0.113.${100 + i}` });
      statuses.push(res.status);
    }
    expect(statuses[LIMIT]).toBe(429);
    // even the right password waits now: the account is locked for this window, from anywhere
    const res = await authPost("/sign-in/email", { email, password: PASSWORD }, { "x-evalbook-peer": "203.0.113.200" });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
  }, 90_000);
});
