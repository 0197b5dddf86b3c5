import { z } from "zod";

/** A notification: what changed, for which model, how bad, and where to look. */
export const notificationEventSchema = z.object({
  kind: z.enum(["incident.opened", "incident.updated", "incident.reminder", "incident.acknowledged", "incident.resolved", "guardrail.flapping", "test"]),
  workspaceId: z.string(),
  severity: z.enum(["info", "warning", "critical"]),
  /** Stable per incident: PagerDuty dedup_key, receivers' grouping. */
  groupKey: z.string(),
  /** Unique per state change (e.g. `${incidentId}:opened:${runId}`): with the channel id it makes each delivery's idempotency key. */
  eventKey: z.string(),
  title: z.string(),
  summary: z.string(),
  /** Absolute link back to the incident (appUrl() from server/env.ts). */
  url: z.string(),
  model: z.object({ slug: z.string(), name: z.string() }),
  /** Runs, values, thresholds, cohorts (grouped: one message for many breaches). */
  details: z.record(z.string(), z.unknown()),
  runbooks: z.array(z.object({ title: z.string(), url: z.string() })),
});
export type NotificationEvent = z.infer<typeof notificationEventSchema>;
export type NotificationSeverity = NotificationEvent["severity"];
export const SEVERITIES = notificationEventSchema.shape.severity.options;
