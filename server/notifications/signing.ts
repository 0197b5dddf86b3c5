import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Signature of outgoing webhooks (notification channels and rollback calls).
 *
 * Header `X-Evalbook-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`.
 * A receiver recomputes the HMAC with the shared secret over the timestamp, a dot and the raw
 * request body, compares in constant time, and rejects timestamps older than a few minutes
 * (replay protection).
 */
export const SIGNATURE_HEADER = "x-evalbook-signature";

export function signBody(secret: string, body: string, timestampSeconds = Math.floor(Date.now() / 1000)): string {
  const mac = createHmac("sha256", secret).update(`${timestampSeconds}.${body}`).digest("hex");
  return `t=${timestampSeconds},v1=${mac}`;
}

/** Verifies a signature header; `toleranceSeconds` bounds how old the timestamp may be. */
export function verifySignature(
  secret: string,
  body: string,
  header: string | null | undefined,
  { toleranceSeconds = 300, nowSeconds = Math.floor(Date.now() / 1000) } = {},
): boolean {
  const parts = Object.fromEntries((header ?? "").split(",").map((p) => p.trim().split("=", 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v1 || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = Buffer.from(createHmac("sha256", secret).update(`${t}.${body}`).digest("hex"));
  const given = Buffer.from(parts.v1);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
