/**
 * The two batch ingest routes (predictions, labels), defined once: the app's route files export
 * them, and the ingest process (ingest-process.ts) serves the same handlers off the web
 * process.
 */
import { logLabels, logPredictions } from "./endpoints";
import { v1LogLabels, v1LogPredictions } from "./ingest";
import { v1Route } from "./route";

/** POST /api/v1/models/{slug}/predictions — JSON array or NDJSON, gzip accepted (DESIGN §5). */
export const postPredictions = v1Route(logPredictions, (ctx, { params }) => v1LogPredictions(ctx, params.slug));

/** POST /api/v1/models/{slug}/labels — [{ requestId, label, timestamp }], JSON array or NDJSON. */
export const postLabels = v1Route(logLabels, (ctx, { params }) => v1LogLabels(ctx, params.slug));
