/** Messages between the web process and its ingest threads (pool.ts ↔ thread.ts). */
import { DomainError, type DomainErrorCode } from "../domain/errors";
import type { ModelRef } from "../predictions/repository";
import type { IngestResult } from "./schemas";

export interface IngestTask {
  taskId: number;
  kind: "predictions" | "labels";
  model: ModelRef;
  /** The request body, decompressed (transferred, not copied). */
  body: Uint8Array;
  contentType: string;
  maxRows: number;
  now: number;
}

/** An error as it crosses the thread boundary: enough to rebuild what errorResponse maps. */
export type ThreadError =
  | { kind: "domain"; code: DomainErrorCode; message: string; details?: Record<string, unknown> }
  | { kind: "other"; message: string; code?: string; name?: string };

export type IngestReply = { taskId: number; ok: true; result: IngestResult } | { taskId: number; ok: false; error: ThreadError };

export function toThreadError(err: unknown): ThreadError {
  if (err instanceof DomainError) return { kind: "domain", code: err.code, message: err.message, details: err.details };
  const e = err as { message?: unknown; code?: unknown; name?: unknown; cause?: { code?: unknown; message?: unknown } } | null;
  // Database drivers put the useful code on the error or its cause (isDatabaseUnavailable looks at both).
  const code = typeof e?.code === "string" ? e.code : typeof e?.cause?.code === "string" ? e.cause.code : undefined;
  const message = typeof e?.message === "string" ? e.message : String(err);
  return { kind: "other", message, code, name: typeof e?.name === "string" ? e.name : undefined };
}

export function fromThreadError(t: ThreadError): Error {
  if (t.kind === "domain") return new DomainError(t.code, t.message, t.details);
  const err = new Error(t.message) as Error & { code?: string };
  if (t.name) err.name = t.name;
  if (t.code) err.code = t.code;
  return err;
}
