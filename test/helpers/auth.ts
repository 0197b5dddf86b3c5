import { auth } from "@/server/auth/auth";
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
 * invitation once an instance has users, so the helper invites the address into a parking
 * workspace first and removes that membership again: the account starts with no workspace.
 */
export async function signUp(email: string, password = "correct horse battery"): Promise<{ userId: string; cookie: string }> {
  const parking = await prisma.workspace.upsert({
    where: { slug: "test-parking" },
    create: { slug: "test-parking", name: "test parking" },
    update: {},
  });
  await prisma.invitation.upsert({
    where: { workspaceId_email: { workspaceId: parking.id, email } },
    create: { workspaceId: parking.id, email, role: "viewer", invitedById: "test" },
    update: {},
  });
  await auth.api.signUpEmail({ body: { email, password, name: email.split("@")[0]! } });
  const user = await prisma.user.findUniqueOrThrow({ where: { email } });
  await prisma.membership.deleteMany({ where: { userId: user.id, workspaceId: parking.id } });
  return { userId: user.id, cookie: await signIn(email, password) };
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
