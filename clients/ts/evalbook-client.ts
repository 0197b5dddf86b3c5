/**
 * evalbook client for Node.js (≥ 18, no dependencies): log predictions and labels from a service.
 *
 *   import { EvalbookClient } from "./evalbook-client";
 *   const client = new EvalbookClient({ baseUrl: "http://localhost:3000", apiKey: process.env.EVALBOOK_API_KEY!, model: "fraud-risk" });
 *   client.logPrediction({ requestId: "r-1", version: "v3.2", features: { txn_amount: 12.5 }, prediction: 0.93, latencyMs: 41 });
 *   client.logLabel({ requestId: "r-1", label: 1 });
 *   await client.close(); // flushes; a beforeExit hook also flushes
 *
 * Same behaviour as the Python client: log* never throws and never waits; rows are buffered
 * (bounded, oldest dropped when full) and sent in gzip'd NDJSON batches by a background timer, with
 * retries and exponential backoff on network errors, 429 (Retry-After) and 5xx; a 413 splits the
 * batch; other 4xx answers are logged and dropped. The timer is unref'd: it never keeps a process alive.
 *
 * Sampling (`sampleRate`, 0 < r ≤ 1, default 1) decides as the Python client does: a request is
 * logged iff the first 4 bytes of SHA-256(UTF-8 requestId), read as a big-endian uint32, divided
 * by 2^32 are below the rate (`isSampled`). Every version logs the same requests (pairing keeps
 * working), a label is kept exactly when its request is sampled, and sampled rows carry
 * `sampleRate` so the server scales counts by 1/rate. Rows not sampled count in `stats.sampledOut`.
 */
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";

export type FeatureValue = number | string | boolean | null;

export interface PredictionRow {
  requestId: string;
  prediction: unknown;
  version?: string;
  features?: Record<string, FeatureValue>;
  /** Date, ISO 8601 string or epoch ms; defaults to the time of the log call. */
  timestamp?: Date | string | number;
  label?: unknown;
  latencyMs?: number;
  costUsd?: number;
  tokensIn?: number;
  tokensOut?: number;
  error?: string | null;
  cohort?: Record<string, string | null>;
}

export interface LabelRow {
  requestId: string;
  label: unknown;
  timestamp?: Date | string | number;
}

export interface EvalbookClientOptions {
  baseUrl: string;
  apiKey: string;
  model: string;
  batchSize?: number;
  flushIntervalMs?: number;
  maxBuffer?: number;
  maxRetries?: number;
  timeoutMs?: number;
  compress?: boolean;
  /** Fraction of requests logged, 0 < r ≤ 1 (default 1): the same requests in every version. */
  sampleRate?: number;
  /** Where problems are reported (default: console.warn). */
  onWarning?: (message: string) => void;
}

export interface ClientStats {
  accepted: number;
  duplicates: number;
  rejected: number;
  dropped: number;
  failed: number;
  sent: number;
  /** Predictions and labels not logged because their request is outside the sample. */
  sampledOut: number;
}

/** Whether `requestId` is in the sample at `rate`: the same answer in every client and version. */
export function isSampled(requestId: string, rate: number): boolean {
  if (rate >= 1) return true;
  const h = createHash("sha256").update(String(requestId), "utf8").digest().readUInt32BE(0);
  return h / 4294967296 < rate;
}

type Kind = "predictions" | "labels";

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref?.());

export class EvalbookClient {
  readonly stats: ClientStats = { accepted: 0, duplicates: 0, rejected: 0, dropped: 0, failed: 0, sent: 0, sampledOut: 0 };
  readonly rejections: { index: number; field: string; message: string }[] = [];
  private readonly opts: Required<Omit<EvalbookClientOptions, "onWarning">> & { onWarning: (m: string) => void };
  private readonly buffers: Record<Kind, object[]> = { predictions: [], labels: [] };
  private timer: NodeJS.Timeout | null = null;
  private sending: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly onBeforeExit = () => void this.flush();

  constructor(options: EvalbookClientOptions) {
    this.opts = {
      batchSize: 500,
      flushIntervalMs: 2000,
      maxBuffer: 100_000,
      maxRetries: 8,
      timeoutMs: 15_000,
      compress: true,
      sampleRate: 1,
      onWarning: (m) => console.warn(m),
      ...options,
      baseUrl: options.baseUrl.replace(/\/$/, ""),
    };
    const rate = this.opts.sampleRate;
    if (!(rate > 0 && rate <= 1)) throw new RangeError(`sampleRate must be in (0, 1], got ${rate}`);
    process.once("beforeExit", this.onBeforeExit);
  }

  /** Buffers a prediction; false when it was not buffered (not sampled, or the client is closed). */
  logPrediction(row: PredictionRow): boolean {
    try {
      if (!this.inSample(row.requestId)) return false;
      const rate = this.opts.sampleRate < 1 ? { sampleRate: this.opts.sampleRate } : {};
      return this.enqueue("predictions", { ...row, requestId: String(row.requestId), timestamp: stamp(row.timestamp), ...rate });
    } catch (e) {
      this.warn(`evalbook: could not buffer a prediction: ${(e as Error).message}`);
      return false;
    }
  }

  /** Buffers a label; a label for a request outside the sample is dropped (false). */
  logLabel(row: LabelRow): boolean {
    try {
      if (!this.inSample(row.requestId)) return false;
      return this.enqueue("labels", { requestId: String(row.requestId), label: row.label, timestamp: stamp(row.timestamp) });
    } catch (e) {
      this.warn(`evalbook: could not buffer a label: ${(e as Error).message}`);
      return false;
    }
  }

  /** Sends everything buffered so far; resolves when done (never rejects). */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const batches: [Kind, object[]][] = [];
    for (const kind of ["predictions", "labels"] as Kind[]) {
      const buf = this.buffers[kind];
      while (buf.length) batches.push([kind, buf.splice(0, this.opts.batchSize)]);
    }
    this.sending = this.sending.then(async () => {
      for (const [kind, batch] of batches) await this.send(kind, batch).catch((e: Error) => this.fail(batch.length, `evalbook: ${e.message}`));
    });
    return this.sending;
  }

  async close(): Promise<void> {
    if (this.closed) return this.sending;
    await this.flush();
    this.closed = true;
    process.removeListener("beforeExit", this.onBeforeExit);
  }

  private inSample(requestId: string): boolean {
    if (isSampled(String(requestId), this.opts.sampleRate)) return true;
    this.stats.sampledOut++;
    return false;
  }

  private enqueue(kind: Kind, row: object): boolean {
    if (this.closed) {
      this.stats.dropped++;
      return false;
    }
    const buf = this.buffers[kind];
    if (buf.length >= this.opts.maxBuffer) {
      buf.shift();
      this.stats.dropped++;
    }
    buf.push(row);
    if (buf.length >= this.opts.batchSize) void this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.opts.flushIntervalMs);
      this.timer.unref();
    }
    return true;
  }

  private warn(message: string) {
    try {
      this.opts.onWarning(message);
    } catch {
      /* never let a logger crash the caller */
    }
  }

  private fail(n: number, message: string) {
    this.stats.failed += n;
    this.warn(message);
  }

  private async send(kind: Kind, batch: object[]): Promise<void> {
    const url = `${this.opts.baseUrl}/api/v1/models/${encodeURIComponent(this.opts.model)}/${kind}`;
    const lines: string[] = [];
    for (const row of batch) {
      try {
        lines.push(JSON.stringify(row, (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? `\u0000${v}` : typeof v === "bigint" ? Number(v) : v)).replace(/"\\u0000(-?Infinity|NaN)"/g, "$1"));
      } catch (e) {
        this.stats.rejected++;
        this.warn(`evalbook: dropping a row that cannot be serialised: ${(e as Error).message}`);
      }
    }
    const raw = Buffer.from(lines.join("\n"));
    const body = this.opts.compress ? gzipSync(raw) : raw;
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.opts.apiKey}`,
      "content-type": "application/x-ndjson",
      "user-agent": "evalbook-ts/1.0.0",
      ...(this.opts.compress ? { "content-encoding": "gzip" } : {}),
    };
    for (let attempt = 1; ; attempt++) {
      let problem: string;
      let retryAfter: number | null = null;
      try {
        const res = await fetch(url, { method: "POST", headers, body, signal: AbortSignal.timeout(this.opts.timeoutMs) });
        if (res.ok) {
          const a = (await res.json()) as { accepted: number; duplicates: number; rejected: { index: number; field: string; message: string }[] };
          this.stats.sent += batch.length;
          this.stats.accepted += a.accepted;
          this.stats.duplicates += a.duplicates;
          this.stats.rejected += a.rejected.length;
          this.rejections.push(...a.rejected.slice(0, 1000 - this.rejections.length));
          if (a.rejected.length) this.warn(`evalbook: ${a.rejected.length} ${kind} rejected, e.g. row ${a.rejected[0]!.index} ${a.rejected[0]!.field}: ${a.rejected[0]!.message}`);
          return;
        }
        const message = await res
          .json()
          .then((j: { error?: { message?: string } }) => j.error?.message ?? res.statusText)
          .catch(() => res.statusText);
        if (res.status === 413 && batch.length > 1) {
          const half = batch.length >> 1;
          await this.send(kind, batch.slice(0, half));
          await this.send(kind, batch.slice(half));
          return;
        }
        if (res.status !== 429 && res.status < 500) return this.fail(batch.length, `evalbook: ${kind} batch of ${batch.length} refused (${res.status}): ${message}`);
        const ra = Number(res.headers.get("retry-after"));
        retryAfter = Number.isFinite(ra) && ra > 0 ? ra * 1000 : null;
        problem = `${res.status} ${message}`;
      } catch (e) {
        problem = (e as Error).message;
      }
      if (attempt > this.opts.maxRetries || (this.closed && attempt > 2)) {
        return this.fail(batch.length, `evalbook: giving up on a ${kind} batch of ${batch.length} after ${attempt} attempts: ${problem}`);
      }
      await sleep(retryAfter ?? Math.min(30_000, 250 * 2 ** (attempt - 1)) * (0.5 + Math.random()));
    }
  }
}

function stamp(t: Date | string | number | undefined): string | number {
  if (t === undefined) return Date.now();
  return t instanceof Date ? t.toISOString() : t;
}
