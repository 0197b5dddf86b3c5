/**
 * `npm run bench:window` — drift over a window larger than memory (issue 15): ROWS predictions
 * (default 50M) × 4 numeric features written straight into a SQLite store through the repository's
 * write path, then drift.ks / drift.wasserstein / drift.psi over the whole window on the streamed
 * path (iterateWindow → per-column rank sketches), with rows/s, seconds and the RSS peak while
 * streaming. Then the sketch against the exact path on a sub-window of SUB_ROWS rows (the
 * window loaded whole): each statistic's difference next to the bound the result states.
 * COHORTS=n gives every row a cohort attribute region = r0…r(n−1) and evaluates per region too (one
 * sketch set per cohort value); PLUGINS picks the streamed drift plugins (comma-separated).
 *
 *   ROWS=10000000 SUB_ROWS=1000000 npm run bench:window
 *   ROWS=5000000 COHORTS=8 PLUGINS=drift.ks,drift.jensenshannon npm run bench:window
 */
import os from "node:os";
import { rmSync } from "node:fs";
import { benchWorkspaceAndModel, freshSqliteDatabase } from "./fresh-sqlite";
import type { NormalizedPrediction } from "../server/ingest/validate";
import { prediction } from "../server/demo/prediction";
import type { ResolvedSelection } from "../server/notebooks/types";

const ROWS = Number(process.env.ROWS ?? 50_000_000);
const REF_ROWS = Number(process.env.REF_ROWS ?? 200_000);
const SUB_ROWS = Math.min(ROWS, Number(process.env.SUB_ROWS ?? 1_000_000));
const COHORTS = Number(process.env.COHORTS ?? 0);
const PLUGINS = (process.env.PLUGINS ?? "drift.ks,drift.wasserstein,drift.psi").split(",");
const BATCH = 10_000;
const DAY = 86_400_000;
const REF_T0 = Date.parse("2026-01-01T00:00:00Z");
const CUR_T0 = Date.parse("2026-02-01T00:00:00Z");
const MS_PER_ROW = 10; // current rows 10 ms apart: 50M rows span ~5.8 days
process.env.LOG_LEVEL ??= "warn";

/** Rows [start, start+n) of a side: 4 features from a cheap hash (sums of uniforms), shifted on the current side. */
function batch(side: "ref" | "cur", start: number, n: number): NormalizedPrediction[] {
  const rows: NormalizedPrediction[] = new Array(n);
  const t0 = side === "ref" ? REF_T0 : CUR_T0;
  const shift = side === "cur" ? 0.05 : 0;
  for (let j = 0; j < n; j++) {
    const i = start + j;
    let h = Math.imul(i ^ (side === "cur" ? 0x9e3779b9 : 0x85ebca6b), 0xcc9e2d51);
    const u = () => ((h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) ^ Math.imul(h ^ (h >>> 13), 0x297a2d39)) >>> 0) / 4294967296;
    const normal = u() + u() + u() + u() - 2;
    rows[j] = prediction({
      index: j,
      requestId: `${side}${i}`,
      ts: t0 + i * MS_PER_ROW,
      version: "v1",
      features: { f_normal: normal + shift, f_uniform: u() * (1 + shift), f_lognormal: Math.exp(normal), f_int: Math.floor(u() * 100) + (side === "cur" && i % 20 === 0 ? 50 : 0) },
      predNum: u(),
      cohort: COHORTS ? { region: `r${i % COHORTS}` } : null,
    });
  }
  return rows;
}

// The streamed read never yields to timers (SQLite is synchronous), so the peak is the process's own maxRSS.
const maxRss = () => process.resourceUsage().maxRSS * 1024;
const mb = (b: number) => `${Math.round(b / 1048576)} MB`;

async function main() {
  const { dir } = freshSqliteDatabase("window");
  try {
    const { prisma } = await import("../server/db/client");
    const { predictionRepository } = await import("../server/predictions");
    const { streamedDriftSelection } = await import("../server/notebooks/streamed-window");
    const { evaluateSelection } = await import("../server/notebooks/evaluation");
    const { ws, model } = await benchWorkspaceAndModel(prisma);
    await prisma.modelVersion.create({ data: { modelId: model.id, label: "v1", stage: "production" } }).catch(() => {});
    const repo = predictionRepository();
    const ref = (await repo.findModel(ws.id, "m"))!;

    let t = performance.now();
    for (let s = 0; s < REF_ROWS; s += BATCH) await repo.writePredictions(ref, batch("ref", s, Math.min(BATCH, REF_ROWS - s)));
    for (let s = 0; s < ROWS; s += BATCH) {
      await repo.writePredictions(ref, batch("cur", s, Math.min(BATCH, ROWS - s)));
      if (s % 1_000_000 === 0) process.stdout.write(`\rwriting: ${s.toLocaleString("en-US")} rows`);
    }
    const writeS = (performance.now() - t) / 1000;
    process.stdout.write("\r");
    console.log(`wrote ${ROWS.toLocaleString("en-US")} + ${REF_ROWS.toLocaleString("en-US")} reference predictions × 4 features in ${writeS.toFixed(0)} s (${Math.round((ROWS + REF_ROWS) / writeS).toLocaleString("en-US")} rows/s)`);

    const selection = (rows: number): ResolvedSelection => ({
      versions: [],
      from: new Date(CUR_T0).toISOString(),
      to: new Date(CUR_T0 + rows * MS_PER_ROW).toISOString(),
      reference: { kind: "window", from: new Date(REF_T0).toISOString(), to: new Date(REF_T0 + REF_ROWS * MS_PER_ROW + DAY).toISOString() },
      cohortKeys: COHORTS ? ["region"] : [],
      minCohortSize: 30,
    });
    const common = { thresholdMode: "fixed", chunks: 10, sigmas: 3, driftShare: 0.5 } as const;
    const statOf: Record<string, string> = { "drift.ks": "statistic", "drift.wasserstein": "distance", "drift.psi": "psi", "drift.chisquare": "statistic" };
    for (const pluginId of PLUGINS) {
      const before = maxRss();
      const rssBefore = process.memoryUsage().rss;
      const cpu0 = process.cpuUsage();
      t = performance.now();
      const out = (await streamedDriftSelection({ modelId: model.id, pluginId, pluginVersion: "1.0.0", config: { ...common }, selection: selection(ROWS), maxWindowRows: 0 }))!;
      const s = (performance.now() - t) / 1000;
      const cpu = process.cpuUsage(cpu0);
      const cols = out.cohorts[0]!.columns.map((c) => `${c.column} ${Number(c.metrics[statOf[pluginId] ?? "distance"]).toPrecision(4)}`).join(", ");
      const eps = out.cohorts[0]!.columns[0]?.details?.epsilon_current;
      console.log(
        `${pluginId} streamed over ${out.n.current.toLocaleString("en-US")} rows: ${s.toFixed(1)} s (CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s), ${Math.round(out.n.current / s).toLocaleString("en-US")} rows/s, ` +
          `RSS ${mb(rssBefore)} before, ${mb(process.memoryUsage().rss)} after; process peak ${mb(before)} → ${mb(maxRss())}; ε_current ${Number(eps).toPrecision(3)}; ` +
          `${out.cohorts.length} cohorts (${out.cohorts.map((c) => `${c.cohort} ${c.status}`).join(", ")}); all: ${cols}`,
      );
    }

    console.log(`sketch vs exact on the first ${SUB_ROWS.toLocaleString("en-US")} rows (exact: the window loaded whole):`);
    for (const pluginId of PLUGINS) {
      const exact = await evaluateSelection({ modelId: model.id, pluginId, config: {}, selection: selection(SUB_ROWS) });
      const sk = (await streamedDriftSelection({ modelId: model.id, pluginId, pluginVersion: "1.0.0", config: { ...common }, selection: selection(SUB_ROWS), maxWindowRows: 0 }))!;
      const key = statOf[pluginId] ?? "distance";
      for (const c of exact.cohorts.find((x) => x.cohort === "all")!.columns) {
        const s = sk.cohorts[0]!.columns.find((x) => x.column === c.column)!;
        const d = Math.abs(Number(s.metrics[key]) - Number(c.metrics[key]));
        const bound = pluginId === "drift.ks" ? s.details?.statistic_bound : (s.details?.distance_bound ?? s.details?.bound);
        console.log(`  ${pluginId} ${c.column}: exact ${Number(c.metrics[key]).toPrecision(6)} sketch ${Number(s.metrics[key]).toPrecision(6)} |diff| ${d.toExponential(2)} bound ${typeof bound === "number" ? bound.toExponential(2) : bound}`);
      }
    }
    const cpuAll = process.cpuUsage();
    console.log(`process CPU ${((cpuAll.user + cpuAll.system) / 1e6).toFixed(1)} s (user+sys), peak RSS ${mb(maxRss())}`);
    const [l1, l5, l15] = os.loadavg();
    console.log(`load average ${l1!.toFixed(2)} ${l5!.toFixed(2)} ${l15!.toFixed(2)} on ${os.cpus().length} cores`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
