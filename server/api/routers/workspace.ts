import { z } from "zod";
import { adminProcedure, router, viewerProcedure } from "../trpc";
import { ws } from "./inputs";
import { inviteInput, inviteMember, listMembers, memberEmails, removeMember, revokeInvitation, roleSchema, setMemberRole } from "../../services/workspaces";
import { actorOf } from "./me";

export const workspaceRouter = router({
  get: viewerProcedure.input(ws).query(({ ctx }) => ({
    slug: ctx.workspace.slug,
    name: ctx.workspace.name,
    role: ctx.role,
  })),
  members: viewerProcedure.input(ws).query(({ ctx }) => listMembers(ctx.prisma, ctx.workspace.id)),
  memberEmails: viewerProcedure.input(ws).query(({ ctx }) => memberEmails(ctx.reads, ctx.workspace.id)),
  invite: adminProcedure
    .input(ws.extend(inviteInput.shape))
    .mutation(({ ctx, input }) => inviteMember(ctx.prisma, ctx.workspace.id, actorOf(ctx.user), input)),
  setRole: adminProcedure
    .input(ws.extend({ userId: z.string().min(1), role: roleSchema }))
    .mutation(({ ctx, input }) => setMemberRole(ctx.prisma, ctx.workspace.id, actorOf(ctx.user), input.userId, input.role)),
  removeMember: adminProcedure
    .input(ws.extend({ userId: z.string().min(1) }))
    .mutation(({ ctx, input }) => removeMember(ctx.prisma, ctx.workspace.id, actorOf(ctx.user), input.userId)),
  revokeInvitation: adminProcedure
    .input(ws.extend({ invitationId: z.string().min(1) }))
    .mutation(({ ctx, input }) => revokeInvitation(ctx.prisma, ctx.workspace.id, input.invitationId)),
});
