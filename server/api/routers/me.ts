import { authedProcedure, queryMemberships, router } from "../trpc";
import { userActor } from "../../services/audit";
import { createWorkspace, createWorkspaceInput, workspaceList } from "../../services/workspaces";

export const meRouter = router({
  get: authedProcedure.query(async ({ ctx }) => ({
    user: ctx.user,
    workspaces: workspaceList(await queryMemberships(ctx, ctx.user.id)),
  })),
  createWorkspace: authedProcedure
    .input(createWorkspaceInput)
    .mutation(({ ctx, input }) => createWorkspace(ctx.prisma, actorOf(ctx.user), input)),
});

export const actorOf = userActor;
