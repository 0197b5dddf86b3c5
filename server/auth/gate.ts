import { env } from "../env";
import { AttemptCounter } from "./attempts";
import { clientAddress } from "./client-address";
import { INVITE_HEADER, canSignUp } from "./signup-policy";

/**
 * What runs before better-auth sees a request (app/api/auth/[...all]): per-address and per-account
 * limits on failed sign-ins and sign-ups, and the invitation check for sign-up — done here, before
 * better-auth looks the address up, so "already has an account" and "not invited" answer the same.
 * The request passed on carries the client's address as X-Forwarded-For, so better-auth's own
 * limiter also counts real addresses rather than whatever a client wrote in the header.
 */
const WINDOW_MS = 10 * 60_000;
const byAddress = new AttemptCounter(env.SIGN_IN_ATTEMPTS_PER_10_MINUTES, WINDOW_MS);
const byAccount = new AttemptCounter(env.SIGN_IN_ATTEMPTS_PER_10_MINUTES, WINDOW_MS);
const MAX_AUTH_BODY_BYTES = 64 * 1024;

const json = (status: number, code: string, message: string, headers: Record<string, string> = {}) =>
  Response.json({ code, message }, { status, headers: { "cache-control": "no-store", ...headers } });

export type Gate = { response: Response } | { request: Request; after?: (response: Response) => void };

export async function gateAuthRequest(req: Request): Promise<Gate> {
  const address = clientAddress(req.headers);
  const headers = new Headers(req.headers);
  headers.set("x-forwarded-for", address);
  if (req.method !== "POST") return { request: new Request(req.url, { method: req.method, headers }) };

  const action = /\/(sign-in|sign-up)\/email$/.exec(new URL(req.url).pathname)?.[1];
  const body = await req.arrayBuffer();
  if (body.byteLength > MAX_AUTH_BODY_BYTES) return { response: json(413, "PAYLOAD_TOO_LARGE", "Request body too large.") };
  const request = new Request(req.url, { method: "POST", headers, body });
  if (!action) return { request };

  let email = "";
  try {
    const parsed = JSON.parse(new TextDecoder().decode(body)) as { email?: unknown };
    if (typeof parsed.email === "string") email = parsed.email.trim().toLowerCase();
  } catch {
    /* better-auth answers malformed bodies itself */
  }
  const keys = { address: `${action}:${address}`, account: email ? `${action}:${email}` : null };
  const wait = Math.max(byAddress.wait(keys.address), keys.account ? byAccount.wait(keys.account) : 0);
  if (wait > 0) {
    return {
      response: json(429, "TOO_MANY_REQUESTS", `Too many failed ${action} attempts. Try again in ${Math.ceil(wait / 60)} minute(s).`, { "retry-after": String(wait) }),
    };
  }
  const fail = () => {
    byAddress.record(keys.address);
    if (keys.account) byAccount.record(keys.account);
  };
  if (action === "sign-up") {
    const verdict = await canSignUp(email, req.headers.get(INVITE_HEADER));
    if (!verdict.allowed) {
      fail();
      return { response: json(403, "FORBIDDEN", verdict.reason) };
    }
  }
  return { request, after: (response) => (response.ok ? undefined : fail()) };
}
