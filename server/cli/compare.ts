/**
 * `evalbook compare`: a paired comparison of two versions from local files, joined on request_id
 * (the same runner as the notebook's comparison cell, so the same numbers).
 */
import { Command, Option } from "commander";
import { readFileFrames } from "@/server/files/read-parallel";
import { withRoles } from "@/server/files/to-frame";
import { runComparison } from "@/server/evaluation/compare-runner";
import type { PairedComparisonOutput } from "@/server/evaluation/result-schema";
import { loadRegistry, parseJsonOption } from "./evaluate";

interface CompareOpts {
  plugin: string;
  a: string;
  b: string;
  labels?: string;
  cohort?: string[];
  config?: string;
  format: "json" | "table";
  minCohortSize: string;
  unpaired?: boolean;
  failOn: "never" | "worse";
}

/** The JSON document: { plugin, version, paired, only_a, only_b, cohorts: [{ cohort, n, metrics: [...] }] }. */
export function toCompareJson(r: PairedComparisonOutput): unknown {
  return {
    plugin: r.plugin,
    version: r.version,
    paired: r.paired,
    only_a: r.only_a,
    only_b: r.only_b,
    cohorts: r.cohorts.map((c) => ({
      cohort: c.cohort,
      n: c.n,
      metrics: c.metrics.map((m) => ({
        metric: m.metric,
        a: m.a,
        b: m.b,
        delta: m.delta,
        ci_low: m.ci_low,
        ci_high: m.ci_high,
        test: m.test,
        statistic: m.statistic,
        p_value: m.p_value,
        margin: m.margin,
        verdict: m.verdict,
      })),
    })),
  };
}

function fmt(v: number | null): string {
  if (v === null) return "—";
  const a = Math.abs(v);
  return Number.isInteger(v) ? String(v) : a !== 0 && (a < 1e-4 || a >= 1e7) ? v.toExponential(3) : v.toPrecision(4);
}

export function formatCompareTable(r: PairedComparisonOutput): string {
  let out = `${r.plugin}@${r.version}  ${r.pairing}: ${r.paired} pairs, only A ${r.only_a}, only B ${r.only_b}\n`;
  for (const n of r.notes ?? []) out += `note: ${n}\n`;
  if (r.routing_text) out += `${r.routing_text}\n`;
  for (const c of r.cohorts) {
    out += `\n== cohort ${c.key ? `${c.key}=` : ""}${c.cohort}  n ${c.n}\n`;
    for (const n of c.notes ?? []) out += `   note: ${n}\n`;
    for (const m of c.metrics) {
      out += `   ${m.metric.padEnd(18)} A ${fmt(m.a).padEnd(10)} B ${fmt(m.b).padEnd(10)} Δ ${fmt(m.delta).padEnd(10)} [${fmt(m.ci_low)}, ${fmt(m.ci_high)}]  ${m.test}  p ${fmt(m.p_value)}  → ${m.verdict ?? m.note ?? "—"}`;
      if (m.more_needed) out += ` (≈${m.more_needed} more pairs to detect ${m.margin || "this delta"})`;
      out += "\n";
    }
  }
  return out;
}

export async function runCompareCommand(o: CompareOpts): Promise<number> {
  const { registry } = await loadRegistry();
  const comparison = registry.resolveComparison(o.plugin);
  const config = o.config ? parseJsonOption(o.config, "--config") : {};
  const files = [o.a, o.b, ...(o.labels ? [o.labels] : [])];
  const [a, b, labels] = (await readFileFrames(files)).map((f) => withRoles(f));
  if (!a.requestId && !o.unpaired) throw new Error(`${o.a} has no request_id column (pass --unpaired to compare independent samples)`);
  if (!b.requestId && !o.unpaired) throw new Error(`${o.b} has no request_id column (pass --unpaired to compare independent samples)`);
  const minCohortSize = Number(o.minCohortSize);
  if (!Number.isInteger(minCohortSize) || minCohortSize < 0) throw new Error("--min-cohort-size must be a non-negative integer");
  const cohortKeys = (o.cohort ?? []).flatMap((c) => c.split(",")).map((s) => s.trim()).filter(Boolean);
  const result = runComparison({ comparison, config, a, b, labels, cohortKeys, minCohortSize, pairing: o.unpaired ? "unpaired" : "auto", sideLabels: { a: o.a, b: o.b } });
  process.stdout.write(o.format === "json" ? JSON.stringify(toCompareJson(result)) + "\n" : formatCompareTable(result));
  for (const n of result.notes ?? []) if (o.format === "json") process.stderr.write(`evalbook: ${n}\n`);
  return o.failOn === "worse" && result.cohorts.some((c) => c.metrics.some((m) => m.verdict === "worse")) ? 1 : 0;
}

export function registerCompareCommand(program: Command): void {
  program
    .command("compare")
    .description("paired comparison of two versions from local files, joined on request_id (no server needed)")
    .requiredOption("--plugin <id>", "comparison id: compare.binary, compare.multiclass, compare.regression, compare.latency_cost or a third-party one")
    .requiredOption("--a <file>", "version A (the reference, e.g. production): .csv, .parquet, .ndjson/.jsonl")
    .requiredOption("--b <file>", "version B (the candidate)")
    .option("--labels <file>", "labels by request_id (request_id, label) for rows whose files carry none")
    .option("--cohort <column...>", "cohort column(s): results for `all` and for each value")
    .option("--config <json>", "comparison config as JSON (or @file.json), e.g. {\"margins\":{\"accuracy\":0.01}}")
    .option("--unpaired", "compare as independent samples even when request ids are shared")
    .addOption(new Option("--format <format>", "output format").choices(["json", "table"]).default("table"))
    .option("--min-cohort-size <n>", "value cohorts with fewer pairs are n/a", "30")
    .addOption(new Option("--fail-on <verdict>", "exit 1 when any metric is worse").choices(["never", "worse"]).default("never"))
    .action(async (opts: CompareOpts) => {
      process.exitCode = await runCompareCommand(opts);
    });
}
