import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { appUrl } from "../env";

/**
 * Invitation links: `APP_URL/sign-up?invite=TOKEN`. The token is 32 random bytes (base64url); only
 * its sha256 is stored, it works once (accepting clears it) and expires after INVITATION_TTL_DAYS.
 * Knowing the invited address alone is not enough to claim the invitation.
 */
export const INVITATION_TTL_DAYS = 7;

export function hashInvitationToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function newInvitationToken(now = new Date()): { token: string; hash: string; expiresAt: Date } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashInvitationToken(token), expiresAt: new Date(now.getTime() + INVITATION_TTL_DAYS * 86_400_000) };
}

export function invitationUrl(token: string): string {
  return `${appUrl()}/sign-up?invite=${encodeURIComponent(token)}`;
}

/** A well-formed token (43 base64url characters); anything else is not looked up. */
export function isInvitationTokenShape(token: unknown): token is string {
  return typeof token === "string" && /^[A-Za-z0-9_-]{43}$/.test(token);
}

export function sameAddress(a: string, b: string): boolean {
  const x = Buffer.from(a.trim().toLowerCase());
  const y = Buffer.from(b.trim().toLowerCase());
  return x.length === y.length && timingSafeEqual(x, y);
}
