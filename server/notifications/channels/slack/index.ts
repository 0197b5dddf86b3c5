import { z } from "zod";
import type { NotificationEvent } from "../../event";
import { defineChannel, httpUrl, maskSecret } from "../define";

const ICON: Record<NotificationEvent["severity"], string> = { info: ":information_source:", warning: ":warning:", critical: ":rotating_light:" };
const VERB: Record<NotificationEvent["kind"], string> = {
  "incident.opened": "Incident opened",
  "incident.updated": "Incident updated",
  "incident.reminder": "Reminder: incident still open",
  "incident.acknowledged": "Incident acknowledged",
  "incident.resolved": "Incident resolved",
  "guardrail.flapping": "Guardrail flapping",
  test: "Test notification",
};

/** Slack's mrkdwn escapes: &, <, > (so titles cannot inject links or mentions). */
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function detailLines(details: Record<string, unknown>): string[] {
  return Object.entries(details)
    .slice(0, 10)
    .map(([k, v]) => `*${esc(k)}*: ${esc(clip(typeof v === "string" ? v : JSON.stringify(v), 300))}`);
}

/** Slack-compatible incoming webhook (also Mattermost, Rocket.Chat, Discord's /slack endpoint): `text` + `blocks`. */
export default defineChannel({
  kind: "slack",
  title: "Slack",
  description: "Posts to a Slack-compatible incoming webhook (text + blocks).",
  configSchema: z.object({
    webhookUrl: httpUrl.describe("Incoming webhook URL (it is the secret: shown masked)"),
  }),
  secretFields: ["webhookUrl"],
  target: (config) => {
    try {
      const u = new URL(config.webhookUrl);
      return `${u.protocol}//${u.host}/${maskSecret(u.pathname + u.search)}`;
    } catch {
      return maskSecret(config.webhookUrl);
    }
  },
  format(event, config, { idempotencyKey }) {
    const headline = `${ICON[event.severity]} ${VERB[event.kind]}: ${event.title}`;
    // `text` is the fallback shown in notifications and is read as mrkdwn: escape it too.
    const text = `${esc(headline)} — ${esc(event.model.name)} (${event.severity}). ${esc(event.summary)} <${event.url}|Open in evalbook>`;
    const blocks: unknown[] = [
      { type: "header", text: { type: "plain_text", text: clip(headline, 150), emoji: true } },
      { type: "section", text: { type: "mrkdwn", text: clip(`*${esc(event.model.name)}* (\`${esc(event.model.slug)}\`) · ${event.severity}\n${esc(event.summary)}`, 3000) } },
    ];
    const lines = detailLines(event.details);
    if (lines.length) blocks.push({ type: "section", text: { type: "mrkdwn", text: clip(lines.join("\n"), 3000) } });
    const links = [`<${event.url}|Open in evalbook>`, ...event.runbooks.slice(0, 5).map((r) => `<${r.url}|Runbook: ${esc(r.title)}>`)];
    blocks.push({ type: "section", text: { type: "mrkdwn", text: links.join(" · ") } });
    blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: `delivery ${idempotencyKey} · group ${esc(event.groupKey)}` }] });
    return {
      transport: "http",
      url: config.webhookUrl,
      headers: { "content-type": "application/json", "idempotency-key": idempotencyKey },
      body: JSON.stringify({ text, blocks }),
    };
  },
});
