import { auth } from "@/server/auth/auth";
import { newInvitationToken } from "@/server/auth/invitations";
import { INVITE_HEADER } from "@/server/auth/signup-policy";
import { prisma } from "@/server/db/client";
import { createCaller } from "@/server/api/root";
import { createTRPCContext } from "@/server/api/trpc";
import type { Role } from "@/server/domain/roles";

let counter = 0;
export function uniqueEmail(tag: string): string {
  counter += 1;
  return `${tag}-${process.pid}-${Date.now()}-${counter}@test.local`;
}

/**
 * Signs a real account up through better-auth and returns its session cookie. Sign-up needs an
 * invitation link once an instance has users: pass the token of one (from `workspace.invite`'s
 * inviteUrl), or the helper invites the address into a parking workspace first and removes that
 * membership again, so the account starts with no workspace.
 */
export async function signUp(email: string, password = "correct horse battery", inviteToken?: string): Promise<{ userId: string; cookie: string }> {
  let parkingId: string | null = null;
  if (!inviteToken) {
    const parking = await prisma.workspace.upsert({
      where: { slug: "test-parking" },
      create: { slug: "test-parking", name: "test parking" },
      update: {},
    });
    parkingId = parking.id;
    const token = newInvitationToken();
    await prisma.invitation.upsert({
      where: { workspaceId_email: { workspaceId: parking.id, email } },
      create: { workspaceId: parking.id, email, role: "viewer", invitedById: "test", tokenHash: token.hash, expiresAt: token.expiresAt },
      update: { tokenHash: token.hash, expiresAt: token.expiresAt, acceptedAt: null },
    });
    inviteToken = token.token;
  }
  await auth.api.signUpEmail({ body: { email, password, name: email.split("@")[0]! }, headers: new Headers({ [INVITE_HEADER]: inviteToken }) });
  const user = await prisma.user.findUniqueOrThrow({ where: { email } });
  if (parkingId) await prisma.membership.deleteMany({ where: { userId: user.id, workspaceId: parkingId } });
  return { userId: user.id, cookie: await signIn(email, password) };
}

/** The token of an invitation link (`…/sign-up?invite=TOKEN`). */
export function inviteTokenOf(inviteUrl: string): string {
  return new URL(inviteUrl).searchParams.get("invite")!;
}

export async function signIn(email: string, password = "correct horse battery"): Promise<string> {
  const response = await auth.api.signInEmail({ body: { email, password }, asResponse: true });
  if (!response.ok) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  const cookies = response.headers.getSetCookie().map((c) => c.split(";")[0]);
  return cookies.join("; ");
}

export async function createWorkspaceWith(slug: string, members: { userId: string; role: Role }[]) {
  return prisma.workspace.create({
    data: { slug, name: slug, memberships: { create: members.map((m) => ({ userId: m.userId, role: m.role })) } },
  });
}

export async function callerFor(cookie?: string) {
  const headers = new Headers(cookie ? { cookie } : {});
  return createCaller(await createTRPCContext({ headers }));
}
