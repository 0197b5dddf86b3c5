import { z } from "zod";
import { defineChannel, maskSecret } from "../define";

const escHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Email over SMTP (nodemailer): SMTP_URL from the environment unless the channel names its own server. */
export default defineChannel({
  kind: "email",
  title: "Email",
  description: "Sends an email over SMTP (SMTP_URL, or the channel's own SMTP URL).",
  configSchema: z.object({
    to: z.array(z.email("not an email address")).min(1, "add at least one recipient").max(50).describe("Recipients"),
    from: z.string().min(3).max(200).default("evalbook <evalbook@localhost>").describe("From address"),
    smtpUrl: z
      .url({ protocol: /^smtps?$/, error: "must be an smtp:// or smtps:// URL" })
      .optional()
      .describe("SMTP server (smtp://user:pass@host:port); empty uses SMTP_URL"),
  }),
  secretFields: ["smtpUrl"],
  target: (config) => config.to.join(", ") + (config.smtpUrl ? ` via ${maskSecret(config.smtpUrl)}` : ""),
  format(event, config, { idempotencyKey }) {
    const subject = `[evalbook ${event.severity}] ${event.title} (${event.model.name})`.replace(/[\r\n]+/g, " ").slice(0, 250);
    const details = Object.entries(event.details).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)] as const);
    const text = [
      event.summary,
      "",
      ...details.map(([k, v]) => `${k}: ${v}`),
      "",
      `Open: ${event.url}`,
      ...event.runbooks.map((r) => `Runbook: ${r.title} ${r.url}`),
      "",
      `Delivery ${idempotencyKey}`,
    ].join("\n");
    const html = [
      `<p>${escHtml(event.summary)}</p>`,
      details.length ? `<table>${details.map(([k, v]) => `<tr><th align="left">${escHtml(k)}</th><td>${escHtml(v)}</td></tr>`).join("")}</table>` : "",
      `<p><a href="${escHtml(event.url)}">Open in evalbook</a></p>`,
      event.runbooks.length ? `<ul>${event.runbooks.map((r) => `<li><a href="${escHtml(r.url)}">${escHtml(r.title)}</a></li>`).join("")}</ul>` : "",
      `<p style="color:#888">Delivery ${escHtml(idempotencyKey)}</p>`,
    ].join("");
    return {
      transport: "smtp",
      smtpUrl: config.smtpUrl,
      message: {
        from: config.from,
        to: config.to,
        subject,
        text,
        html,
        headers: { "Idempotency-Key": idempotencyKey, "X-Evalbook-Event": event.kind, "X-Evalbook-Group": event.groupKey },
        messageId: `<${idempotencyKey}@evalbook>`,
      },
    };
  },
});
