import { z } from "zod";
import { SIGNATURE_HEADER, signBody } from "../../signing";
import { defineChannel, httpUrl } from "../define";

/**
 * Generic webhook: the event as JSON, signed with HMAC-SHA256 over "<timestamp>.<body>"
 * (header `x-evalbook-signature: t=…,v1=…`, see ../../signing.ts and the README).
 */
export default defineChannel({
  kind: "webhook",
  title: "Webhook",
  description: "POSTs the event as JSON to your URL, signed with HMAC-SHA256 (x-evalbook-signature).",
  configSchema: z.object({
    url: httpUrl.describe("The receiver's URL (redirects are not followed)"),
    secret: z.string().min(16, "use at least 16 characters").max(256).describe("Shared signing secret"),
  }),
  secretFields: ["secret"],
  target: (config) => config.url,
  format(event, config, { idempotencyKey, nowSeconds }) {
    const body = JSON.stringify({ idempotencyKey, sentAt: new Date(nowSeconds * 1000).toISOString(), ...event });
    return {
      transport: "http",
      url: config.url,
      headers: {
        "content-type": "application/json",
        "idempotency-key": idempotencyKey,
        "x-evalbook-event": event.kind,
        [SIGNATURE_HEADER]: signBody(config.secret, body, nowSeconds),
      },
      body,
    };
  },
});
