import { z } from "zod";
import { adminProcedure, router, viewerProcedure } from "../trpc";
import { byId, ws } from "./inputs";
import {
  channelInput,
  channelKinds,
  createChannel,
  createChannelInput,
  deleteChannel,
  deliveryLog,
  deliveryLogInput,
  listChannels,
  sendTestNotification,
  setChannelEnabled,
  updateChannel,
} from "../../notifications/channels-service";
import { actorOf } from "./me";

/** Notification channels: admins change them; viewers read the list (secrets masked) and the delivery log. */
export const notificationChannelRouter = router({
  kinds: viewerProcedure.input(ws).query(() => channelKinds()),
  list: viewerProcedure.input(ws).query(({ ctx }) => listChannels(ctx.prisma, ctx.workspace.id)),
  deliveries: viewerProcedure.input(ws.extend(deliveryLogInput.shape)).query(({ ctx, input }) => deliveryLog(ctx.prisma, ctx.workspace.id, input)),
  create: adminProcedure
    .input(ws.extend(createChannelInput.shape))
    .mutation(({ ctx, input }) => createChannel(ctx.prisma, ctx.workspace.id, actorOf(ctx.user), input)),
  update: adminProcedure
    .input(byId.extend(channelInput.shape))
    .mutation(({ ctx, input }) => updateChannel(ctx.prisma, ctx.workspace.id, actorOf(ctx.user), input.id, input)),
  delete: adminProcedure.input(byId).mutation(({ ctx, input }) => deleteChannel(ctx.prisma, ctx.workspace.id, actorOf(ctx.user), input.id)),
  setEnabled: adminProcedure
    .input(byId.extend({ enabled: z.boolean() }))
    .mutation(({ ctx, input }) => setChannelEnabled(ctx.prisma, ctx.workspace.id, actorOf(ctx.user), input.id, input.enabled)),
  sendTest: adminProcedure.input(byId).mutation(({ ctx, input }) => sendTestNotification(ctx.prisma, ctx.workspace, actorOf(ctx.user), input.id)),
});
