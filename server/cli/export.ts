/**
 * `evalbook export --model SLUG --from --to [--cohort k=v] [--labelled-only] --format parquet|csv --out FILE`:
 * a window as a training set. The CLI convention: `--url` / `--key` (default $EVALBOOK_URL /
 * $EVALBOOK_API_KEY) stream it from a server (GET /api/v1/models/{slug}/export); with neither it
 * works on the local database (DATABASE_URL), as `evalbook run` does. A progress bar on a terminal.
 */
import fs from "node:fs";
import { once } from "node:events";
import type { Command } from "commander";
import { env } from "../env";
import { bar } from "./ingest";

interface ExportOpts {
  model: string;
  from: string;
  to: string;
  cohort?: string[];
  versions?: string;
  labelledOnly?: boolean;
  allRows?: boolean;
  includeDataQuality?: boolean;
  format: string;
  out: string;
  url?: string;
  key?: string;
  workspace?: string;
  progress: boolean;
}

const CLI_ACTOR = { id: null, label: "cli" };
const fmt = (n: number) => n.toLocaleString("en-US");

/** The command's options as the v1 query (the one schema validates both). */
export function exportQueryOf(o: ExportOpts): Record<string, string> {
  const q: Record<string, string> = { from: o.from, to: o.to, format: o.format };
  if (o.cohort?.length) q.cohort = o.cohort.join(",");
  if (o.versions) q.versions = o.versions;
  if (o.labelledOnly && o.allRows) throw new Error("--labelled-only and --all-rows contradict each other");
  if (o.labelledOnly) q.labelled = "only";
  if (o.allRows) q.labelled = "all";
  if (o.includeDataQuality) q.dataQuality = "include";
  return q;
}

/** Writes pieces to `out`, waiting for the disk when its buffer is full (bounded memory). */
/** A fetch response body as the pieces writeAll takes (typed, unlike iterating the stream directly). */
async function* bodyPieces(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    yield value;
  }
}

async function writeAll(pieces: AsyncIterable<Uint8Array>, out: string, onPiece: (bytes: number) => void): Promise<number> {
  const file = fs.createWriteStream(out);
  let bytes = 0;
  try {
    for await (const p of pieces) {
      bytes += p.byteLength;
      if (!file.write(p)) await once(file, "drain");
      onPiece(bytes);
    }
  } finally {
    file.end();
    await once(file, "close");
  }
  return bytes;
}

async function exportLocal(o: ExportOpts, query: Record<string, string>, draw: (fraction: number | null, text: string, final?: boolean) => void) {
  const { prisma } = await import("../db/client");
  const { predictionRepository } = await import("../predictions");
  const { exportQuerySchema } = await import("../export/policy");
  const { startExport } = await import("../export/service");
  try {
    const parsed = exportQuerySchema.safeParse(query);
    if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("; "));
    const q = parsed.data;
    const models = await prisma.model.findMany({ where: { slug: o.model, ...(o.workspace ? { workspace: { slug: o.workspace } } : {}) }, select: { workspaceId: true } });
    if (!models.length) throw new Error(`no model "${o.model}" in the local database${o.workspace ? ` (workspace ${o.workspace})` : ""}`);
    if (models.length > 1) throw new Error(`"${o.model}" exists in ${models.length} workspaces: pass --workspace SLUG`);
    const repo = predictionRepository();
    const model = (await repo.findModel(models[0]!.workspaceId, o.model))!;
    const file = await startExport(prisma, repo, { workspaceId: model.workspaceId, actor: CLI_ACTOR }, model, q);
    const c = file.counts;
    const bytes = await writeAll(file.body, o.out, () => draw(c.windowRows ? c.scanned / c.windowRows : null, `${fmt(c.rows)} rows`));
    draw(1, `${fmt(c.rows)} rows`, true);
    return { rows: c.rows, bytes, counts: c };
  } finally {
    await prisma.$disconnect();
  }
}

async function exportRemote(o: ExportOpts, query: Record<string, string>, url: string, key: string, draw: (fraction: number | null, text: string, final?: boolean) => void) {
  const res = await fetch(`${url.replace(/\/$/, "")}/api/v1/models/${encodeURIComponent(o.model)}/export?${new URLSearchParams(query)}`, { headers: { authorization: `Bearer ${key}` } });
  if (!res.ok || !res.body) {
    const text = await res.text();
    let message = text;
    try {
      message = (JSON.parse(text) as { error: { message: string } }).error.message;
    } catch {
      /* not JSON */
    }
    throw new Error(`${res.status}: ${message}`);
  }
  const bytes = await writeAll(bodyPieces(res.body), o.out, (b) => draw(null, `${(b / 1e6).toFixed(1)} MB`));
  draw(1, `${(bytes / 1e6).toFixed(1)} MB`, true);
  return { rows: null, bytes, counts: null };
}

export function registerExportCommand(program: Command): void {
  program
    .command("export")
    .description("Export a window of a model as a training set (Parquet or CSV): one row per request, features of the contract, label and its arrival time")
    .requiredOption("--model <slug>", "model slug")
    .requiredOption("--from <time>", "start of the window (ISO date/time or epoch ms, inclusive)")
    .requiredOption("--to <time>", "end of the window (exclusive)")
    .option("--cohort <key=value>", "keep rows of this cohort (repeatable; a key twice: either value)", (v: string, prev: string[] = []) => [...prev, v])
    .option("--versions <labels>", "comma-separated versions (default: the model's export policy, else every version)")
    .option("--labelled-only", "only rows with a label")
    .option("--all-rows", "rows with or without a label")
    .option("--include-data-quality", "keep rows that violate the feature contract")
    .option("--format <format>", "parquet | csv", "parquet")
    .requiredOption("--out <file>", "where to write the file")
    .option("--url <url>", "server URL (default $EVALBOOK_URL; with neither --url nor --key: the local database)")
    .option("--key <key>", "API key with the read scope (default $EVALBOOK_API_KEY)")
    .option("--workspace <slug>", "local database only: the workspace, when the slug exists in several")
    .option("--no-progress", "no progress bar")
    .action(async (o: ExportOpts) => {
      const query = exportQueryOf(o);
      const url = o.url ?? env.EVALBOOK_URL;
      const key = o.key ?? env.EVALBOOK_API_KEY;
      if (Boolean(url) !== Boolean(key)) throw new Error(url ? "a server URL but no API key: pass --key or set EVALBOOK_API_KEY" : "an API key but no server: pass --url or set EVALBOOK_URL");
      const tty = o.progress && Boolean(process.stderr.isTTY);
      const started = Date.now();
      let last = 0;
      const draw = (fraction: number | null, text: string, final = false) => {
        if (!tty || (!final && Date.now() - last < 100)) return;
        last = Date.now();
        const secs = ((Date.now() - started) / 1000).toFixed(1);
        process.stderr.write(`\r${fraction === null ? "" : bar(fraction) + " "}${text} · ${secs} s `);
        if (final) process.stderr.write("\n");
      };
      const r = url && key ? await exportRemote(o, query, url, key, draw) : await exportLocal(o, query, draw);
      const c = r.counts;
      process.stdout.write(
        (c
          ? `${fmt(c.rows)} rows (${Object.entries(c.perVersion).map(([v, n]) => `${v}: ${fmt(n)}`).join(", ") || "none"}); ${fmt(c.requests)} requests, ${fmt(c.labelled)} labelled, ${fmt(c.dataQuality)} with data-quality violations`
          : `exported`) + ` → ${o.out} (${(r.bytes / 1e6).toFixed(1)} MB)\n`,
      );
    });
}
