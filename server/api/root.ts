import { createCallerFactory, router } from "./trpc";
import { meRouter } from "./routers/me";
import { workspaceRouter } from "./routers/workspace";
import { modelRouter } from "./routers/model";

export const appRouter = router({
  me: meRouter,
  workspace: workspaceRouter,
  model: modelRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
