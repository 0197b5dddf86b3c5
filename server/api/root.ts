import { createCallerFactory, router } from "./trpc";
import { meRouter } from "./routers/me";
import { workspaceRouter } from "./routers/workspace";
import { modelRouter } from "./routers/model";
import { notebookRouter } from "./routers/notebook";
import { evaluatorsRouter } from "./routers/evaluators";

export const appRouter = router({
  me: meRouter,
  workspace: workspaceRouter,
  model: modelRouter,
  notebook: notebookRouter,
  evaluators: evaluatorsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
