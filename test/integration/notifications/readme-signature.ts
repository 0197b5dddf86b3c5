import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * The webhook verification procedure documented in the README, written out by hand (not the
 * server's helper): `x-evalbook-signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`,
 * at most 5 minutes old.
 */
export function verifiedByReadmeProcedure(secret: string, rawBody: string, header: string): boolean {
  const { t, v1 } = Object.fromEntries(header.split(",").map((kv) => kv.split("=")));
  const mac = createHmac("sha256", secret).update(`${t}.${rawBody}`).digest("hex");
  return Math.abs(Date.now() / 1000 - Number(t)) < 300 && mac.length === v1!.length && timingSafeEqual(Buffer.from(mac), Buffer.from(v1!));
}
