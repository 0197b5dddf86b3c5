import { adminProcedure, router } from "../trpc";
import { byId, ws } from "./inputs";
import { createApiKey, createKeyInput, listApiKeys, revokeApiKey } from "../../apikeys/keys";
import { actorOf } from "./me";

/** API keys: admins only. The secret is returned once, by `create`. */
export const apiKeyRouter = router({
  list: adminProcedure.input(ws).query(({ ctx }) => listApiKeys(ctx.prisma, ctx.workspace.id)),
  create: adminProcedure
    .input(ws.extend(createKeyInput.shape))
    .mutation(({ ctx, input }) => createApiKey(ctx.prisma, ctx.workspace.id, actorOf(ctx.user), { name: input.name, models: input.models, scopes: input.scopes })),
  revoke: adminProcedure
    .input(byId)
    .mutation(({ ctx, input }) => revokeApiKey(ctx.prisma, ctx.workspace.id, actorOf(ctx.user), input.id)),
});
