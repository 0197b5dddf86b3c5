import { prisma } from "../db/client";
import { hashInvitationToken, isInvitationTokenShape, sameAddress } from "./invitations";

/**
 * Who may create an account: anyone on an empty instance (they become its first admin), and
 * afterwards only someone holding a valid invitation link for that address. Keeps a self-hosted
 * instance closed by default.
 */
export const INVITE_HEADER = "x-evalbook-invite";

/**
 * One answer for every refusal — no invitation, a wrong/expired/used token, an address that already
 * has an account — so sign-up cannot be used to find out which addresses exist or are invited.
 */
export const SIGN_UP_REFUSED =
  "Sign-up needs a valid invitation link for this address. Ask a workspace admin to invite you and open the link they send (links expire after 7 days and work once). Already have an account? Sign in.";

export type SignUpVerdict = { allowed: true; invitationId: string | null } | { allowed: false; reason: string };

export async function canSignUp(email: string, token: string | null | undefined, now = new Date()): Promise<SignUpVerdict> {
  const users = await prisma.user.count();
  if (users === 0) return { allowed: true, invitationId: null };
  if (!isInvitationTokenShape(token)) return { allowed: false, reason: SIGN_UP_REFUSED };
  const invitation = await prisma.invitation.findUnique({ where: { tokenHash: hashInvitationToken(token) } });
  const valid = invitation && invitation.acceptedAt === null && invitation.expiresAt !== null && invitation.expiresAt > now && sameAddress(invitation.email, email);
  if (!valid) return { allowed: false, reason: SIGN_UP_REFUSED };
  const existing = await prisma.user.findUnique({ where: { email: email.trim().toLowerCase() }, select: { id: true } });
  if (existing) return { allowed: false, reason: SIGN_UP_REFUSED };
  return { allowed: true, invitationId: invitation.id };
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

/** Accepts the one invitation whose link was used; the token is spent. */
export async function acceptInvitation(userId: string, email: string, token: string | null | undefined): Promise<void> {
  if (!isInvitationTokenShape(token)) return;
  const invitation = await prisma.invitation.findUnique({ where: { tokenHash: hashInvitationToken(token) } });
  if (!invitation || invitation.acceptedAt || !sameAddress(invitation.email, email)) return;
  await prisma.$transaction([
    prisma.membership.upsert({
      where: { workspaceId_userId: { workspaceId: invitation.workspaceId, userId } },
      create: { workspaceId: invitation.workspaceId, userId, role: invitation.role },
      update: { role: invitation.role },
    }),
    prisma.invitation.update({ where: { id: invitation.id }, data: { acceptedAt: new Date(), tokenHash: null } }),
  ]);
}
