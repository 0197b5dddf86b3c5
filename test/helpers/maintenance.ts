/**
 * Checks shared by the SQLite and PostgreSQL maintenance suites: a window read as one row per
 * (version, requestId) with every column it carries, so "every row readable exactly once, with the
 * same values" is one equality; and batches shaped like the Python/TS clients send (many small ones).
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { expect } from "vitest";
import { seededRandom, type Column } from "../../plugins/sdk";
import { validatePrediction, type NormalizedPrediction } from "../../server/ingest/validate";
import type { PredictionRepository, WindowQuery } from "../../server/predictions";

export const DAY = 86_400_000;

function cell(c: Column | undefined, i: number): unknown {
  if (!c) return undefined;
  if (c.type === "numeric") return c.values[i] === c.values[i] ? c.values[i] : null;
  if (c.type === "categorical") return c.codes[i]! >= 0 ? c.dictionary[c.codes[i]!] : null;
  return JSON.stringify((c as { values?: unknown }).values ? (c as unknown as { values: unknown[] }).values[i] : null);
}

const num = (a: Float64Array | undefined, i: number) => (a && a[i] === a[i] ? a[i] : null);

/** The window as `version|requestId` → every value of the row; fails when a row appears twice. */
export async function windowRows(repo: PredictionRepository, q: WindowQuery): Promise<Map<string, Record<string, unknown>>> {
  const w = await repo.loadWindow({ ...q, includeRequestIds: true, includeLabels: true, includeLabelTimes: true });
  const f = w.frame;
  const out = new Map<string, Record<string, unknown>>();
  for (let i = 0; i < f.length; i++) {
    const key = `${w.version.dictionary[w.version.codes[i]!]}|${cell(f.requestId, i)}`;
    expect(out.has(key), `row ${key} read twice`).toBe(false);
    const row: Record<string, unknown> = {
      ts: num(f.timestamp, i),
      prediction: cell(f.prediction, i),
      label: cell(f.label, i),
      labelAt: num(w.labelAt, i),
      latency: num(f.latencyMs, i),
      cost: num(f.costUsd, i),
      tokensIn: num(w.tokensIn, i),
      tokensOut: num(w.tokensOut, i),
      error: w.error ? cell(w.error, i) : null,
      weight: w.weights ? w.weights[i] : 1,
    };
    for (const [name, c] of Object.entries(f.features)) row[`f:${name}`] = cell(c, i);
    for (const [name, c] of Object.entries(f.cohorts ?? {})) row[`c:${name}`] = cell(c, i);
    out.set(key, row);
  }
  return out;
}

/** `days` UTC days of `batches` small batches each (500 rows, like the clients), two versions, a cohort, a categorical feature. */
export function clientBatches(seed: number, t0: number, days: number, batches: number, rows = 500): NormalizedPrediction[][] {
  const r = seededRandom(seed);
  const out: NormalizedPrediction[][] = [];
  const ctx = { now: t0 + (days + 1) * DAY, defaultVersion: "v1", knownVersions: null, maxFeaturesPerRow: 100 };
  let id = 0;
  for (let d = 0; d < days; d++)
    for (let b = 0; b < batches; b++)
      out.push(
        Array.from({ length: rows }, (_, k) => {
          const row: Record<string, unknown> = {
            requestId: `c-${seed}-${id++}`,
            version: r() < 0.5 ? "v1" : "v2",
            timestamp: t0 + d * DAY + Math.floor(r() * DAY),
            prediction: r(),
            latencyMs: Math.round(r() * 500),
            features: { x: r(), plan: r() < 0.5 ? "free" : "pro", ...(r() < 0.1 ? { rare: r() } : {}) },
            cohort: { region: r() < 0.5 ? "eu" : "us" },
          };
          if (r() < 0.05) row.label = r() < 0.5 ? 1 : 0;
          return validatePrediction(row, k, ctx) as NormalizedPrediction;
        }),
      );
  return out;
}

export function expectSameRows(after: Map<string, Record<string, unknown>>, before: Map<string, Record<string, unknown>>): void {
  expect(after.size).toBe(before.size);
  for (const [k, v] of before) expect(after.get(k), k).toEqual(v);
}

/**
 * Runs one maintenance pass in a child process (maintenance-child.ts) on `target` (a SQLite file
 * or a postgresql:// URL) and kills it with SIGKILL `delayMs` after its first committed batch.
 */
export async function killMidPass(target: string, modelId: string, task: "compact" | "retain", delayMs: number, cutoff: number): Promise<void> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(__dirname, "maintenance-child.ts"), target, modelId, task, String(cutoff)], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...(target.startsWith("postgresql://") ? { DATABASE_URL: target } : {}) },
  });
  let out = "";
  const exited = new Promise((r) => child.once("exit", r));
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`child never committed a batch: ${out}`)), 60_000);
    const on = (d: Buffer) => {
      out += String(d);
      if (out.includes("batch")) {
        clearTimeout(t);
        child.stdout.off("data", on);
        setTimeout(() => {
          child.kill("SIGKILL");
          resolve();
        }, delayMs);
      }
    };
    child.stdout.on("data", on);
    child.stderr.on("data", (d) => (out += String(d)));
  });
  await exited;
  expect(out).not.toContain("finished"); // it really died mid-pass
}
