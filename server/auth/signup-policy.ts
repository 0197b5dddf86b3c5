import { prisma } from "../db/client";

/**
 * Who may create an account: anyone on an empty instance (they become its first admin), and
 * afterwards only people an admin invited. Keeps a self-hosted instance closed by default.
 */
export async function canSignUp(email: string): Promise<{ allowed: true } | { allowed: false; reason: string }> {
  const users = await prisma.user.count();
  if (users === 0) return { allowed: true };
  const invitation = await prisma.invitation.findFirst({ where: { email: email.toLowerCase(), acceptedAt: null } });
  if (invitation) return { allowed: true };
  return {
    allowed: false,
    reason: `No invitation for ${email}. Ask a workspace admin to invite this address, then sign up again.`,
  };
}

/** The first account on an empty instance becomes admin of a new workspace. */
export async function bootstrapFirstUser(userId: string, email: string): Promise<void> {
  const [users, workspaces] = await Promise.all([prisma.user.count(), prisma.workspace.count()]);
  if (users !== 1 || workspaces !== 0) return;
  const handle = email.split("@")[0]!.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "team";
  await prisma.workspace.create({
    data: {
      slug: handle.slice(0, 60),
      name: `${handle}'s workspace`,
      memberships: { create: { userId, role: "admin" } },
    },
  });
}

export async function acceptInvitationsFor(userId: string, email: string): Promise<void> {
  const pending = await prisma.invitation.findMany({ where: { email: email.toLowerCase(), acceptedAt: null } });
  for (const invitation of pending) {
    await prisma.$transaction([
      prisma.membership.upsert({
        where: { workspaceId_userId: { workspaceId: invitation.workspaceId, userId } },
        create: { workspaceId: invitation.workspaceId, userId, role: invitation.role },
        update: { role: invitation.role },
      }),
      prisma.invitation.update({ where: { id: invitation.id }, data: { acceptedAt: new Date() } }),
    ]);
  }
}
