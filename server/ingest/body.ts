import { gunzip, createGunzip, type InputType, type ZlibOptions } from "node:zlib";
import { promisify } from "node:util";
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { DomainError, badRequest } from "../domain/errors";
import type { Rejection } from "./schemas";

/** Bare NaN/Infinity tokens (invalid JSON) are rewritten to strings starting with this mark, so
 * that only the row holding them is rejected instead of the whole body. */
export const NONFINITE_MARK = "\u0000nonfinite:";

export function tooLarge(message: string, details: Record<string, unknown>): DomainError {
  return new DomainError("PAYLOAD_TOO_LARGE", message, details);
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 1)} MB`;
}

function bodyTooLarge(limit: number, what: string): DomainError {
  return tooLarge(
    `The ${what} body is larger than the limit of ${mb(limit)} (${limit} bytes). Split it into smaller batches (the clients send 1,000 rows at a time) or raise INGEST_MAX_BODY_BYTES.`,
    { limitBytes: limit },
  );
}

function isGzip(req: Request): boolean {
  const enc = (req.headers.get("content-encoding") ?? "").toLowerCase().trim();
  if (!enc || enc === "identity") return false;
  if (enc === "gzip" || enc === "x-gzip") return true;
  throw new DomainError("BAD_REQUEST", `Content-Encoding "${enc}" is not supported; send gzip or no encoding.`, { supported: ["gzip", "identity"] });
}

/** zlib's async gunzip: the inflate runs on libuv's thread pool, not on the event loop that renders pages. */
const gunzipAsync = promisify<InputType, ZlibOptions, Buffer>(gunzip);

/**
 * Reads the whole request body (decompressed), refusing more than `limit` bytes on the wire and
 * more than `limit` bytes after decompression (a small gzip body can expand enormously).
 */
export async function readBodyBuffer(req: Request, limit: number): Promise<Buffer> {
  const gzip = isGzip(req);
  const declared = Number(req.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > limit) throw bodyTooLarge(limit, gzip ? "compressed request" : "request");
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (req.body) {
    const reader = req.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limit) {
        await reader.cancel().catch(() => {});
        throw bodyTooLarge(limit, gzip ? "compressed request" : "request");
      }
      chunks.push(value);
    }
  }
  const raw = Buffer.concat(chunks, total);
  if (!gzip) return raw;
  try {
    return await gunzipAsync(raw, { maxOutputLength: limit });
  } catch (err) {
    if (err instanceof RangeError || (err as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") throw bodyTooLarge(limit, "decompressed request");
    throw badRequest(`The body says Content-Encoding: gzip but is not valid gzip (${(err as Error).message}).`);
  }
}

/** The body as a Node stream (decompressed when gzip), failing once more than `limit` bytes arrive. */
export function bodyStream(req: Request, limit: number): Readable {
  const gzip = isGzip(req);
  const declared = Number(req.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > limit) throw bodyTooLarge(limit, "upload");
  if (!req.body) return Readable.from([]);
  const source = Readable.fromWeb(req.body as unknown as WebReadableStream<Uint8Array>);
  const counted = (stream: Readable, what: string) => {
    let seen = 0;
    stream.on("data", (chunk: Buffer) => {
      seen += chunk.byteLength;
      if (seen > limit) stream.destroy(bodyTooLarge(limit, what));
    });
    return stream;
  };
  counted(source, "upload");
  if (!gzip) {
    stopWhenAborted(req.signal, [source]);
    return source;
  }
  const gunzip = createGunzip();
  source.on("error", (err) => gunzip.destroy(err));
  source.pipe(gunzip);
  gunzip.on("error", () => {});
  stopWhenAborted(req.signal, [source, gunzip]);
  return counted(gunzip, "decompressed upload");
}

/** The client went away: stop reading, decompressing and (through the stream's error) parsing. */
function stopWhenAborted(signal: AbortSignal, streams: Readable[]): void {
  const abort = () => {
    const err = new DomainError("BAD_REQUEST", "The client closed the request before the upload was read.");
    for (const s of streams) s.destroy(err);
  };
  if (signal.aborted) return abort();
  signal.addEventListener("abort", abort, { once: true });
  streams[streams.length - 1]!.once("close", () => signal.removeEventListener("abort", abort));
}

const QUOTE = 34;
const BACKSLASH = 92;
const NONFINITE_TOKENS = ["-Infinity", "Infinity", "NaN"] as const;

/**
 * Rewrites bare NaN / Infinity / -Infinity outside strings into marked strings. One pass over the
 * text with a string/escape state — linear for every input (a regex with a string alternative
 * rescans to the end of the text from every unmatched quote, which is quadratic).
 */
export function markNonFinite(text: string): string {
  const parts: string[] = [];
  let copied = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
      continue;
    }
    if (c === QUOTE) {
      inString = true;
      continue;
    }
    // N(aN), I(nfinity), -(Infinity)
    if (c !== 78 && c !== 73 && c !== 45) continue;
    const tok = NONFINITE_TOKENS.find((t) => text.startsWith(t, i));
    if (!tok) continue;
    parts.push(text.slice(copied, i), JSON.stringify(NONFINITE_MARK + tok));
    i += tok.length - 1;
    copied = i + 1;
  }
  if (copied === 0) return text;
  parts.push(text.slice(copied));
  return parts.join("");
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (first) {
    if (!/NaN|Infinity/.test(text)) throw first;
    return JSON.parse(markNonFinite(text));
  }
}

/** A record that could not be parsed at all (NDJSON line with broken JSON). */
export class UnparsedRecord {
  constructor(readonly message: string) {}
}

function tooManyRows(limit: number): DomainError {
  return tooLarge(`The batch has more than ${limit.toLocaleString("en-US")} rows. Split it into smaller batches or raise INGEST_MAX_ROWS.`, {
    limitRows: limit,
  });
}

function looksLikeNdjson(contentType: string, text: string): boolean {
  if (/ndjson|jsonl|json-seq|x-json-stream/i.test(contentType)) return true;
  const first = text.match(/\S/)?.[0];
  return first !== "[" && text.trimEnd().includes("\n") && first === "{";
}

/**
 * Parses a JSON array (or one JSON object) or NDJSON into records. A broken NDJSON line becomes an
 * UnparsedRecord (only that row is rejected); a broken JSON array rejects the request with 400.
 */
export function parseRecords(body: Buffer, contentType: string, maxRows: number): unknown[] {
  const text = body.toString("utf8");
  if (looksLikeNdjson(contentType, text)) {
    const out: unknown[] = [];
    let lineNo = 0;
    let start = 0;
    while (start <= text.length) {
      let end = text.indexOf("\n", start);
      if (end < 0) end = text.length;
      const line = text.slice(start, end).trim();
      lineNo++;
      start = end + 1;
      if (!line) continue;
      if (out.length >= maxRows) throw tooManyRows(maxRows);
      try {
        out.push(parseJson(line));
      } catch (err) {
        out.push(new UnparsedRecord(`line ${lineNo} is not valid JSON: ${(err as Error).message}`));
      }
    }
    return out;
  }
  if (!text.trim()) throw badRequest("The body is empty: send a JSON array of rows or NDJSON (one JSON object per line).");
  let parsed: unknown;
  try {
    parsed = parseJson(text);
  } catch (err) {
    throw badRequest(
      `The body is not valid JSON (${(err as Error).message}). Send a JSON array of rows, or NDJSON with Content-Type: application/x-ndjson — with NDJSON only a broken line is rejected.`,
    );
  }
  const rows = Array.isArray(parsed) ? parsed : [parsed];
  if (rows.length > maxRows) throw tooManyRows(maxRows);
  return rows;
}

export function unparsedRejection(rec: UnparsedRecord, index: number): Rejection {
  return { index, field: "", message: rec.message };
}
