import { ZodError } from "zod";
import { logger } from "../../logger";
import { DomainError } from "../../domain/errors";
import { jsonResponse } from "./json-response";
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from "../../db/unavailable";

/** Every failure of the HTTP API as `{ error: { code, message, details? } }` with its status — mapped here once. */
export function errorResponse(err: unknown, requestId: string): Response {
  if (err instanceof ZodError) {
    const fields = err.issues.map((i) => ({ field: i.path.join("."), message: i.message }));
    err = new DomainError("BAD_REQUEST", fields.map((f) => (f.field ? `${f.field}: ${f.message}` : f.message)).join("; "), { fields });
  }
  if (err instanceof DomainError) {
    const headers: Record<string, string> = { "x-request-id": requestId };
    // 429 (rate limit) and 503 (busy, shutting down) say when to resend.
    if ((err.code === "TOO_MANY_REQUESTS" || err.code === "UNAVAILABLE") && typeof err.details?.retryAfterSeconds === "number")
      headers["retry-after"] = String(err.details.retryAfterSeconds);
    if (err.code === "UNAUTHORIZED") headers["www-authenticate"] = 'Bearer realm="evalbook"';
    const body = { error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } };
    return jsonResponse(body, err.status, headers);
  }
  if (isDatabaseUnavailable(err)) {
    logger.warn({ err: (err as Error)?.message, requestId }, "v1 request: database unavailable");
    return jsonResponse(
      { error: { code: "UNAVAILABLE", message: `The database is not reachable right now (restart or failover?). Resend this request in ${DATABASE_RETRY_AFTER_SECONDS} s: whatever of it was stored already is deduplicated.` } },
      503,
      { "x-request-id": requestId, "retry-after": String(DATABASE_RETRY_AFTER_SECONDS) },
    );
  }
  logger.error({ err, requestId }, "v1 request failed");
  return jsonResponse(
    { error: { code: "INTERNAL", message: `Something went wrong on the server; it has been logged with request id ${requestId}. Retrying is safe: replays are deduplicated.` } },
    500,
    { "x-request-id": requestId },
  );
}
