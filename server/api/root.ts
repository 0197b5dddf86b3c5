import { createCallerFactory, router } from "./trpc";
import { meRouter } from "./routers/me";
import { workspaceRouter } from "./routers/workspace";
import { modelRouter } from "./routers/model";
import { notebookRouter } from "./routers/notebook";
import { evaluatorsRouter } from "./routers/evaluators";
import { apiKeyRouter } from "./routers/apiKey";
import { ingestRouter } from "./routers/ingest";
import { runbookRouter } from "./routers/runbook";
import { reportRouter } from "./routers/report";
import { guardrailRouter } from "./routers/guardrail";
import { incidentRouter } from "./routers/incident";
import { notificationChannelRouter } from "./routers/notificationChannel";
import { exportRouter } from "./routers/export";

export const appRouter = router({
  me: meRouter,
  workspace: workspaceRouter,
  model: modelRouter,
  notebook: notebookRouter,
  evaluators: evaluatorsRouter,
  apiKey: apiKeyRouter,
  ingest: ingestRouter,
  runbook: runbookRouter,
  report: reportRouter,
  guardrail: guardrailRouter,
  incident: incidentRouter,
  notificationChannel: notificationChannelRouter,
  export: exportRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
