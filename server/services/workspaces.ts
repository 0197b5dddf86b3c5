import { z } from "zod";
import type { Membership, PrismaClient, Workspace } from "../generated/prisma/client";
import { badRequest, conflict, notFound } from "../domain/errors";
import { ROLES, type Role } from "../domain/roles";
import { slugSchema } from "../domain/model";
import { recordAudit, type Actor } from "./audit";
import type { PageReads } from "./page-reads";
import { invitationUrl, newInvitationToken } from "../auth/invitations";

type Db = PrismaClient;

export const roleSchema = z.enum(ROLES, { error: (issue) => `Unknown role "${String(issue.input)}": use one of viewer, editor, admin` });
export const inviteInput = z.object({ email: z.string().trim().toLowerCase().email("Enter a valid email address"), role: roleSchema });
export const createWorkspaceInput = z.object({ slug: slugSchema, name: z.string().trim().min(1, "Name is required").max(120) });

/** A membership of a user with its workspace (read by services/page-reads `memberships`). */
export type UserMembership = Membership & { workspace: Workspace };

export function workspaceList(memberships: UserMembership[]) {
  return memberships.map((m) => ({ slug: m.workspace.slug, name: m.workspace.name, role: m.role as Role }));
}

export async function createWorkspace(db: Db, actor: Actor & { id: string }, raw: z.input<typeof createWorkspaceInput>) {
  const input = createWorkspaceInput.parse(raw);
  if (await db.workspace.findUnique({ where: { slug: input.slug } }))
    throw conflict(`Workspace slug "${input.slug}" is taken.`, [{ field: "slug", message: "already taken" }]);
  return db.workspace.create({ data: { ...input, memberships: { create: { userId: actor.id, role: "admin" } } } });
}

export async function listMembers(db: Db, workspaceId: string) {
  const [members, invitations] = await Promise.all([
    db.membership.findMany({ where: { workspaceId }, include: { user: { select: { email: true, name: true } } }, orderBy: { createdAt: "asc" } }),
    db.invitation.findMany({ where: { workspaceId, acceptedAt: null }, orderBy: { createdAt: "desc" } }),
  ]);
  return {
    members: members.map((m) => ({ userId: m.userId, email: m.user.email, name: m.user.name, role: m.role as Role, since: m.createdAt })),
    invitations: invitations.map((i) => ({ id: i.id, email: i.email, role: i.role as Role, createdAt: i.createdAt, expiresAt: i.expiresAt })),
  };
}

/** The email of each member by user id (who changed what, on the model page). */
export async function memberEmails(reads: PageReads, workspaceId: string): Promise<Record<string, string>> {
  const users = await reads.memberEmailRows(workspaceId);
  return Object.fromEntries(users.map((u) => [u.id, u.email]));
}

/** Existing accounts join at once; others join with this role when they sign up with that email. */
export async function inviteMember(db: Db, workspaceId: string, actor: Actor & { id: string }, raw: z.input<typeof inviteInput>, now = new Date()) {
  const input = inviteInput.parse(raw);
  const user = await db.user.findUnique({ where: { email: input.email } });
  if (user) {
    const existing = await db.membership.findUnique({ where: { workspaceId_userId: { workspaceId, userId: user.id } } });
    if (existing) throw conflict(`${input.email} is already a member (${existing.role}).`, [{ field: "email", message: "already a member" }]);
    await db.$transaction(async (tx) => {
      await tx.membership.create({ data: { workspaceId, userId: user.id, role: input.role } });
      await recordAudit(tx, { workspaceId, actor, action: "member.added", changes: { email: input.email, role: input.role } });
    });
    return { status: "added" as const, email: input.email, role: input.role };
  }
  // The link carries a single-use token (only its hash is stored); inviting again issues a new one.
  const token = newInvitationToken(now);
  await db.$transaction(async (tx) => {
    await tx.invitation.upsert({
      where: { workspaceId_email: { workspaceId, email: input.email } },
      create: { workspaceId, email: input.email, role: input.role, invitedById: actor.id, tokenHash: token.hash, expiresAt: token.expiresAt },
      update: { role: input.role, acceptedAt: null, invitedById: actor.id, tokenHash: token.hash, expiresAt: token.expiresAt },
    });
    await recordAudit(tx, { workspaceId, actor, action: "member.invited", changes: { email: input.email, role: input.role } });
  });
  return { status: "invited" as const, email: input.email, role: input.role, inviteUrl: invitationUrl(token.token), expiresAt: token.expiresAt };
}

async function assertNotLastAdmin(db: Db, workspaceId: string, userId: string) {
  const admins = await db.membership.findMany({ where: { workspaceId, role: "admin" }, select: { userId: true } });
  if (admins.length === 1 && admins[0]!.userId === userId)
    throw badRequest("A workspace needs at least one admin: make someone else admin first.");
}

export async function setMemberRole(db: Db, workspaceId: string, actor: Actor, userId: string, role: Role) {
  const membership = await db.membership.findUnique({ where: { workspaceId_userId: { workspaceId, userId } } });
  if (!membership) throw notFound("That user is not a member of this workspace.");
  if (membership.role === "admin" && role !== "admin") await assertNotLastAdmin(db, workspaceId, userId);
  await db.$transaction(async (tx) => {
    await tx.membership.update({ where: { id: membership.id }, data: { role } });
    await recordAudit(tx, { workspaceId, actor, action: "member.role_changed", changes: { userId, role: [membership.role, role] } });
  });
  return { userId, role };
}

export async function removeMember(db: Db, workspaceId: string, actor: Actor, userId: string) {
  const membership = await db.membership.findUnique({ where: { workspaceId_userId: { workspaceId, userId } } });
  if (!membership) throw notFound("That user is not a member of this workspace.");
  await assertNotLastAdmin(db, workspaceId, userId);
  await db.$transaction(async (tx) => {
    await tx.membership.delete({ where: { id: membership.id } });
    await recordAudit(tx, { workspaceId, actor, action: "member.removed", changes: { userId } });
  });
  return { removed: userId };
}

export async function revokeInvitation(db: Db, workspaceId: string, invitationId: string) {
  const deleted = await db.invitation.deleteMany({ where: { id: invitationId, workspaceId, acceptedAt: null } });
  if (deleted.count === 0) throw notFound("No pending invitation with that id.");
  return { revoked: invitationId };
}
