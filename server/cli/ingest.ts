/**
 * `evalbook ingest --model SLUG FILE`: streams a CSV, Parquet or NDJSON prediction (or, with
 * --labels, label) log into the HTTP API in gzip'd batches, two in flight, with retries and a
 * progress bar; rows the server rejects are written to FILE.rejected.ndjson.
 */
import fs from "node:fs";
import { promisify } from "node:util";
import { gzip as gzipCb } from "node:zlib";
import type { Command } from "commander";
import { env } from "../env";
import { formatOf, readRecords } from "../ingest/files";

const gzip = promisify(gzipCb);

interface Totals {
  sent: number;
  accepted: number;
  duplicates: number;
  rejected: number;
}

interface Answer {
  accepted: number;
  duplicates: number;
  rejected: { index: number; field: string; message: string }[];
}

export class FatalIngestError extends Error {}

/** POSTs one batch; retries 429 (honouring Retry-After), 5xx and network errors with backoff. */
export async function postBatch(url: string, key: string, rows: unknown[], opts: { retries?: number; sleep?: (ms: number) => Promise<void> } = {}): Promise<Answer> {
  const sleep = opts.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const body = await gzip(Buffer.from(rows.map((r) => JSON.stringify(r)).join("\n")));
  const retries = opts.retries ?? 6;
  for (let attempt = 0; ; attempt++) {
    let res: Response | null = null;
    let problem = "";
    try {
      res = await fetch(url, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/x-ndjson", "content-encoding": "gzip" },
        body,
        signal: AbortSignal.timeout(60_000),
      });
      if (res.ok) return (await res.json()) as Answer;
      const text = await res.text();
      let message = text;
      try {
        message = (JSON.parse(text) as { error: { message: string } }).error.message;
      } catch {
        /* not JSON */
      }
      if (res.status !== 429 && res.status < 500) throw new FatalIngestError(`${res.status}: ${message}`);
      problem = `${res.status}: ${message}`;
    } catch (e) {
      if (e instanceof FatalIngestError) throw e;
      problem ||= (e as Error).message;
    }
    if (attempt >= retries) throw new Error(`giving up after ${retries + 1} attempts: ${problem}`);
    const retryAfter = Number(res?.headers.get("retry-after"));
    const wait = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : Math.min(30_000, 250 * 2 ** attempt) * (0.5 + Math.random());
    await sleep(wait);
  }
}

export function bar(fraction: number, width = 24): string {
  const full = Math.round(Math.max(0, Math.min(1, fraction)) * width);
  return `[${"#".repeat(full)}${"-".repeat(width - full)}]`;
}

export interface IngestFileOptions {
  model: string;
  url: string;
  key: string;
  labels?: boolean;
  version?: string;
  format?: string;
  batch?: number;
  progress?: boolean;
}

export async function ingestFile(file: string, o: IngestFileOptions): Promise<Totals & { rejectedFile: string | null }> {
  const format = formatOf(file, o.format);
  const size = fs.statSync(file).size;
  const endpoint = `${o.url.replace(/\/$/, "")}/api/v1/models/${encodeURIComponent(o.model)}/${o.labels ? "labels" : "predictions"}`;
  const batchSize = o.batch ?? 1000;
  const rejectedFile = `${file.replace(/\.gz$/, "")}.rejected.ndjson`;
  let rejectOut: fs.WriteStream | null = null;
  const reject = (line: object) => {
    rejectOut ??= fs.createWriteStream(rejectedFile);
    rejectOut.write(JSON.stringify(line) + "\n");
  };
  const t: Totals = { sent: 0, accepted: 0, duplicates: 0, rejected: 0 };
  const started = Date.now();
  let bytes = 0;
  const draw = (final = false) => {
    if (!o.progress) return;
    const secs = (Date.now() - started) / 1000;
    process.stderr.write(
      `\r${bar(final ? 1 : bytes / size)} ${t.sent.toLocaleString("en-US")} rows · ${t.accepted.toLocaleString("en-US")} accepted · ${t.duplicates.toLocaleString("en-US")} duplicate · ${t.rejected.toLocaleString("en-US")} rejected · ${Math.round(t.sent / Math.max(secs, 0.001)).toLocaleString("en-US")} rows/s `,
    );
    if (final) process.stderr.write("\n");
  };
  const inflight = new Set<Promise<void>>();
  const send = (rows: unknown[], offset: number) => {
    const p = postBatch(endpoint, o.key, rows).then((a) => {
      t.sent += rows.length;
      t.accepted += a.accepted;
      t.duplicates += a.duplicates;
      t.rejected += a.rejected.length;
      for (const r of a.rejected) reject({ row: offset + r.index, field: r.field, message: r.message, data: rows[r.index] });
      draw();
    });
    const tracked = p.finally(() => inflight.delete(tracked));
    inflight.add(tracked);
    return tracked;
  };
  let batch: unknown[] = [];
  let batchStart = 0;
  for await (const read of readRecords(file, format, { labels: Boolean(o.labels), version: o.version }, (b) => (bytes = b))) {
    const index = read.index;
    if (!read.ok) {
      t.sent++;
      t.rejected++;
      reject({ row: index, field: read.field, message: read.message });
      continue;
    }
    if (batch.length === 0) batchStart = index;
    batch.push(read.record);
    if (batch.length >= batchSize) {
      send(batch, batchStart);
      batch = [];
      if (inflight.size >= 2) await Promise.race(inflight);
    }
  }
  if (batch.length) send(batch, batchStart);
  await Promise.all(inflight);
  draw(true);
  if (rejectOut) await new Promise<void>((r) => (rejectOut as fs.WriteStream).end(r));
  return { ...t, rejectedFile: t.rejected ? rejectedFile : null };
}

export function registerIngestCommands(program: Command): void {
  program
    .command("ingest")
    .description("Stream a CSV, Parquet or NDJSON prediction (or label) log into the HTTP API")
    .argument("<file>", "the log file (.csv, .parquet, .ndjson/.jsonl, optionally .gz)")
    .requiredOption("--model <slug>", "model slug")
    .option("--labels", "the file holds labels (requestId, label, timestamp)")
    .option("--url <url>", "server URL (default $EVALBOOK_URL or http://localhost:3000)")
    .option("--key <key>", "API key (default $EVALBOOK_API_KEY)")
    .option("--default-version <label>", "version for rows that have none (default: the production version)")
    .option("--format <format>", "csv | parquet | ndjson (default: from the file name)")
    .option("--batch <rows>", "rows per request", "1000")
    .option("--no-progress", "no progress bar")
    .action(async (file: string, opts: { model: string; labels?: boolean; url?: string; key?: string; defaultVersion?: string; format?: string; batch: string; progress: boolean }) => {
      const key = opts.key ?? env.EVALBOOK_API_KEY;
      if (!key) throw new Error("no API key: pass --key or set EVALBOOK_API_KEY (create one with `evalbook keys create`)");
      if (!fs.existsSync(file)) throw new Error(`no such file: ${file}`);
      const url = opts.url ?? env.EVALBOOK_URL ?? "http://localhost:3000";
      const r = await ingestFile(file, { ...opts, version: opts.defaultVersion, url, key, batch: Number(opts.batch), progress: opts.progress && Boolean(process.stderr.isTTY) });
      process.stdout.write(
        `${r.sent.toLocaleString("en-US")} rows: ${r.accepted.toLocaleString("en-US")} accepted, ${r.duplicates.toLocaleString("en-US")} duplicates, ${r.rejected.toLocaleString("en-US")} rejected` +
          (r.rejectedFile ? ` (details in ${r.rejectedFile})` : "") +
          "\n",
      );
      if (r.rejected) process.exitCode = 1;
    });
}
