import { describe, expect, it } from "vitest";
import { z } from "zod";
import { CHANNELS, channelByKind } from "@/server/notifications/channels";
import { defineChannel, maskSecret } from "@/server/notifications/channels/define";
import { maskedConfig } from "@/server/notifications/channels-service";
import { notificationEventSchema, type NotificationEvent } from "@/server/notifications/outbox";
import { verifySignature } from "@/server/notifications/signing";

const event: NotificationEvent = {
  kind: "incident.opened",
  workspaceId: "w1",
  severity: "warning",
  groupKey: "inc_1",
  eventKey: "inc_1:opened:run_1",
  title: "PSI 0.31 on txn_amount",
  summary: "PSI 0.31 > 0.25",
  url: "https://evalbook.example/w/acme/incidents/inc_1",
  model: { slug: "fraud", name: "Fraud" },
  details: { psi: 0.31, cohorts: ["all", "tier=gold"] },
  runbooks: [{ title: "Drift", url: "https://evalbook.example/rb/1" }],
};
const ctx = { idempotencyKey: "evb_abc", nowSeconds: 1_800_000_000 };

describe("channel registry", () => {
  it("lists each kind once, with secrets that exist in its schema", () => {
    expect(CHANNELS.map((c) => c.kind)).toEqual(["webhook", "slack", "pagerduty", "email"]);
    expect(() => defineChannel({ ...channelByKind("webhook")!, kind: "x", secretFields: ["nope"] as never })).toThrow(/secret field "nope"/);
    expect(() => defineChannel({ ...channelByKind("webhook")!, kind: "Bad Kind" })).toThrow(/lower-case/);
  });

  it("refuses non-http URLs and short secrets, naming the field", () => {
    const r = channelByKind("webhook")!.configSchema.safeParse({ url: "file:///etc/passwd", secret: "short" });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join("."))).toEqual(["url", "secret"]);
  });
});

describe("formats", () => {
  it("webhook: signed body with the idempotency key, verifiable with the secret", () => {
    const def = channelByKind("webhook")!;
    const req = def.format(event, { url: "http://127.0.0.1/h", secret: "0123456789abcdef" }, ctx);
    if (req.transport !== "http") throw new Error("http expected");
    expect(req.headers["idempotency-key"]).toBe("evb_abc");
    expect(JSON.parse(req.body)).toMatchObject({ idempotencyKey: "evb_abc", ...event });
    expect(verifySignature("0123456789abcdef", req.body, req.headers["x-evalbook-signature"], { nowSeconds: ctx.nowSeconds })).toBe(true);
    expect(notificationEventSchema.safeParse(JSON.parse(req.body)).success).toBe(true);
  });

  it("PagerDuty: every event kind maps to trigger / acknowledge / resolve", () => {
    const def = channelByKind("pagerduty")!;
    const config = def.configSchema.parse({ routingKey: "k" });
    const action = (kind: NotificationEvent["kind"]) => {
      const req = def.format({ ...event, kind }, config, ctx);
      return req.transport === "http" ? JSON.parse(req.body).event_action : null;
    };
    expect(config.eventsUrl).toBe("https://events.pagerduty.com/v2/enqueue");
    expect(["incident.opened", "incident.updated", "guardrail.flapping", "test"].map((k) => action(k as NotificationEvent["kind"]))).toEqual(["trigger", "trigger", "trigger", "trigger"]);
    expect(action("incident.acknowledged")).toBe("acknowledge");
    expect(action("incident.resolved")).toBe("resolve");
  });

  it("email: subject on one line, HTML escaped, Message-ID from the idempotency key", () => {
    const def = channelByKind("email")!;
    const req = def.format({ ...event, title: "a\r\nBcc: x@y.z <b>", summary: "<script>x</script>" }, def.configSchema.parse({ to: ["a@b.co"] }), ctx);
    if (req.transport !== "smtp") throw new Error("smtp expected");
    expect(req.message.subject).not.toMatch(/[\r\n]/);
    expect(req.message.html).toContain("&lt;script&gt;");
    expect(req.message.html).not.toContain("<script>");
    expect(req.message.messageId).toBe("<evb_abc@evalbook>");
    expect(req.smtpUrl).toBeUndefined();
  });
});

describe("secrets", () => {
  it("are masked for the browser, other fields are not", () => {
    expect(maskSecret("short")).toBe("••••");
    expect(maskedConfig(channelByKind("webhook"), { url: "http://x/h", secret: "supersecretvalue1234" })).toEqual({ url: "http://x/h", secret: "••••1234" });
    const slack = channelByKind("slack")!;
    const target = slack.target(slack.configSchema.parse({ webhookUrl: "https://hooks.slack.com/services/T000/B000/XXXXSECRETtoken" }));
    expect(target).toBe("https://hooks.slack.com/••••oken");
    expect(target).not.toContain("SECRET");
  });

  it("a config schema is a zod object (the form is generated from it)", () => {
    for (const c of CHANNELS) expect(c.configSchema).toBeInstanceOf(z.ZodObject);
  });
});
