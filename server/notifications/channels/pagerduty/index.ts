import { z } from "zod";
import type { NotificationEvent } from "../../event";
import { defineChannel, httpUrl, maskSecret } from "../define";

const ACTION: Record<NotificationEvent["kind"], "trigger" | "acknowledge" | "resolve"> = {
  "incident.opened": "trigger",
  "incident.updated": "trigger",
  "incident.reminder": "trigger",
  "guardrail.flapping": "trigger",
  test: "trigger",
  "incident.acknowledged": "acknowledge",
  "incident.resolved": "resolve",
};

/**
 * PagerDuty Events API v2 (or a compatible receiver): one PagerDuty alert per incident
 * (`dedup_key` = the event's groupKey), so acknowledging or resolving here updates it there.
 */
export default defineChannel({
  kind: "pagerduty",
  title: "PagerDuty",
  description: "Events API v2: trigger on open, acknowledge and resolve follow the incident (dedup_key = the incident).",
  configSchema: z.object({
    routingKey: z.string().min(1, "required").max(128).describe("Integration (routing) key of the service"),
    eventsUrl: httpUrl.default("https://events.pagerduty.com/v2/enqueue").describe("Events API v2 endpoint"),
    source: z.string().min(1).max(255).default("evalbook").describe("payload.source"),
  }),
  secretFields: ["routingKey"],
  target: (config) => `${config.eventsUrl} (key ${maskSecret(config.routingKey)})`,
  format(event, config, { idempotencyKey }) {
    const body = {
      routing_key: config.routingKey,
      event_action: ACTION[event.kind],
      dedup_key: event.groupKey,
      payload: {
        summary: `${event.title} — ${event.model.name}`.slice(0, 1024),
        severity: event.severity,
        source: config.source,
        component: event.model.slug,
        class: event.kind,
        custom_details: { summary: event.summary, ...event.details, event_key: event.eventKey, idempotency_key: idempotencyKey },
      },
      links: [{ href: event.url, text: "Incident in evalbook" }, ...event.runbooks.map((r) => ({ href: r.url, text: `Runbook: ${r.title}` }))],
      client: "evalbook",
      client_url: event.url,
    };
    return {
      transport: "http",
      url: config.eventsUrl,
      headers: { "content-type": "application/json", "idempotency-key": idempotencyKey },
      body: JSON.stringify(body),
    };
  },
});
