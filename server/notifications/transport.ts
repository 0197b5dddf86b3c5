/**
 * Sends one OutgoingRequest and says how it went. Requests go only to the URL the admin configured:
 * redirects are never followed (a 3xx is a failure that names the Location), every request times
 * out, and a receiver's reply is read only up to a few KB.
 */
import { env } from "../env";
import type { OutgoingRequest } from "./channels/define";

export interface SendResult {
  ok: boolean;
  /** HTTP status, or the SMTP reply code */
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  /** false when trying again cannot help (a 4xx, a redirect, bad configuration) */
  retryable: boolean;
}

const USER_AGENT = "evalbook-notifications/1";
const MAX_REPLY_BYTES = 2048;

export function send(request: OutgoingRequest, timeoutMs: number = env.NOTIFY_TIMEOUT_MS): Promise<SendResult> {
  return request.transport === "http" ? sendHttp(request, timeoutMs) : sendSmtp(request, timeoutMs);
}

async function readReply(response: Response): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < MAX_REPLY_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  return Buffer.concat(chunks).toString("utf8").slice(0, MAX_REPLY_BYTES).trim();
}

function describeFetchError(err: unknown, timeoutMs: number): string {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (e.name === "TimeoutError" || e.name === "AbortError") return `timed out after ${timeoutMs / 1000} s`;
  const cause = e.cause?.code ?? e.cause?.message;
  return cause ? `${e.message} (${cause})` : e.message;
}

async function sendHttp(request: Extract<OutgoingRequest, { transport: "http" }>, timeoutMs: number): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: "POST",
      headers: { "user-agent": USER_AGENT, ...request.headers },
      body: request.body,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    return { ok: false, statusCode: null, latencyMs: elapsed(), error: describeFetchError(err, timeoutMs), retryable: true };
  }
  const status = response.status;
  let reply = "";
  try {
    reply = await readReply(response);
  } catch {
    // the status is what counts; a reply cut short changes nothing
  }
  const latencyMs = elapsed();
  if (status >= 200 && status < 300) return { ok: true, statusCode: status, latencyMs, error: null, retryable: false };
  if (status >= 300 && status < 400) {
    const location = response.headers.get("location");
    return { ok: false, statusCode: status, latencyMs, error: `redirect${location ? ` to ${location}` : ""} not followed: configure the final URL`, retryable: false };
  }
  const retryable = status >= 500 || status === 408 || status === 425 || status === 429;
  return { ok: false, statusCode: status, latencyMs, error: `HTTP ${status}${reply ? `: ${reply.slice(0, 300)}` : ""}`, retryable };
}

async function sendSmtp(request: Extract<OutgoingRequest, { transport: "smtp" }>, timeoutMs: number): Promise<SendResult> {
  const started = performance.now();
  const smtpUrl = request.smtpUrl ?? env.SMTP_URL;
  if (!smtpUrl) {
    return { ok: false, statusCode: null, latencyMs: 0, error: "no SMTP server: set SMTP_URL in the environment or an SMTP URL on the channel", retryable: false };
  }
  // imported on the first e-mail: most instances send none, and it cost the worker ~40 ms at start
  const { default: nodemailer } = await import("nodemailer");
  const transporter = nodemailer.createTransport({ url: smtpUrl, connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs });
  try {
    const info = await transporter.sendMail(request.message);
    const code = Number.parseInt(String(info.response ?? ""), 10);
    return { ok: true, statusCode: Number.isFinite(code) ? code : 250, latencyMs: Math.round(performance.now() - started), error: null, retryable: false };
  } catch (err) {
    const e = err as Error & { responseCode?: number; code?: string };
    const code = e.responseCode ?? null;
    // 5xx SMTP replies are permanent (bad recipient, refused); connection problems and 4xx are not.
    return { ok: false, statusCode: code, latencyMs: Math.round(performance.now() - started), error: e.code ? `${e.message} (${e.code})` : e.message, retryable: !(code && code >= 500) };
  } finally {
    transporter.close();
  }
}
