/**
 * `evalbook evaluate` (run any evaluator on local CSV/Parquet/NDJSON files, no server) and
 * `evalbook plugins` (list installed evaluators with ids, versions and config schemas).
 */
import fs from "node:fs";
import path from "node:path";
import { Command, Option } from "commander";
import { featureContractSchema, type FeatureContract } from "@/plugins/sdk";
import type { EvaluatorRegistry, LoadOptions, PluginLoadError } from "@/plugins/registry";
import { createRegistryFor } from "@/plugins/builtin-loaders";
import { readFileFrames } from "@/server/files/read-parallel";
import { withRoles } from "@/server/files/to-frame";
import { runEvaluator, type EvaluationResult, DEFAULT_MIN_COHORT_SIZE } from "@/server/evaluation/runner";
import { cliEnv } from "@/server/env-cli";
import { formatTable } from "./format-table";

/** Workspace config: `evalbook.config.json` in the working directory, `{ "plugins": ["npm-package", …] }`. */
export function workspacePluginPackages(cwd = process.cwd()): string[] {
  const file = path.join(cwd, "evalbook.config.json");
  const fromEnv = cliEnv.EVALBOOK_PLUGINS.split(",").map((s) => s.trim()).filter(Boolean);
  if (!fs.existsSync(file)) return fromEnv;
  const cfg = JSON.parse(fs.readFileSync(file, "utf8")) as { plugins?: unknown };
  const list = Array.isArray(cfg.plugins) ? cfg.plugins.filter((p): p is string => typeof p === "string") : [];
  return [...list, ...fromEnv];
}

let tsLoader: Promise<void> | undefined;
/** When running from the bundle, .ts plugin folders need a TypeScript loader first. */
async function ensureTsLoader(entry: string): Promise<void> {
  if (!/\.m?ts$/.test(entry) || !cliEnv.EVALBOOK_ROOT) return;
  tsLoader ??= import("tsx/esm/api").then(({ register }) => void register());
  await tsLoader;
}

/**
 * Built-ins plus third-party plugins. With `forRef` ("id" or "id@version", `evaluate --plugin`),
 * only that built-in is loaded (plugins/builtin-loaders.ts); `evalbook plugins` loads them all.
 */
export async function loadRegistry(forRef?: string): Promise<{ registry: EvaluatorRegistry; errors: PluginLoadError[] }> {
  const root = cliEnv.EVALBOOK_ROOT;
  const opts: LoadOptions = {
    packages: workspacePluginPackages(),
    ...(root ? { pluginsDir: path.join(root, "plugins") } : {}),
    beforeImport: ensureTsLoader,
  };
  const res = forRef ? await createRegistryFor(forRef, opts) : await (await import("@/plugins/index")).createRegistry(opts);
  for (const e of res.errors) process.stderr.write(`evalbook: plugin ${e.name} failed to load: ${e.message}\n`);
  return res;
}

export function parseJsonOption(value: string, what: string): unknown {
  const text = value.startsWith("@") ? fs.readFileSync(value.slice(1), "utf8") : value;
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`${what} is not valid JSON: ${(e as Error).message}`);
  }
}

interface EvaluateOpts {
  plugin: string;
  baseline?: string;
  current: string;
  config?: string;
  cohort?: string[];
  label?: string;
  prediction?: string;
  format: "json" | "table";
  minCohortSize: string;
  contract?: string;
  charts?: boolean;
  failOn: "never" | "warn" | "fail";
}

/** JSON document of the CLI: { plugin, version, cohorts: [{ cohort, status, n, metrics, columns, … }] }. */
function withoutChart<C extends { details?: Record<string, unknown> }>(column: C): C {
  if (!column.details || !("chart" in column.details)) return column;
  const { chart: _chart, ...details } = column.details;
  return { ...column, details };
}

export function toCliJson(r: EvaluationResult, charts: boolean): unknown {
  return {
    plugin: r.plugin,
    version: r.version,
    cohorts: r.cohorts.map((c) => {
      const out: Record<string, unknown> = { cohort: c.cohort };
      if (c.key) out.key = c.key;
      out.status = c.status;
      out.n = c.n;
      if (c.label_coverage !== undefined) out.label_coverage = c.label_coverage;
      if (c.immature !== undefined) out.immature = c.immature;
      out.metrics = c.metrics;
      if (c.reasons) out.reasons = c.reasons;
      // Per-column histograms are chart data: printed only with --charts.
      out.columns = charts ? c.columns : c.columns.map(withoutChart);
      if (c.notes) out.notes = c.notes;
      if (charts && c.chart) out.chart = c.chart;
      return out;
    }),
  };
}

const timing = cliEnv.EVALBOOK_TIMING === "1";
// `performance` loads node:perf_hooks on first use: only when timing
let lastMark = timing ? performance.now() : 0;
function mark(what: string) {
  if (!timing) return;
  const now = performance.now();
  // CPU time too: on a shared machine the wall clock mostly measures the other processes
  const cpu = process.cpuUsage();
  // straight to file descriptor 2: process.stderr would build its stream (~4 ms) inside the very
  // start-up this line measures, which a run without EVALBOOK_TIMING never does before its first byte
  fs.writeSync(2, `[timing] ${what}: ${((now - lastMark) / 1000).toFixed(3)} s (since start ${(now / 1000).toFixed(3)} s, cpu ${((cpu.user + cpu.system) / 1e6).toFixed(3)} s)\n`);
  lastMark = now;
}

export async function runEvaluateCommand(o: EvaluateOpts): Promise<number> {
  mark("startup");
  const { registry } = await loadRegistry(o.plugin);
  mark("plugins loaded");
  const ev = registry.resolve(o.plugin);
  const config = o.config ? parseJsonOption(o.config, "--config") : {};
  const contract: FeatureContract | undefined = o.contract
    ? featureContractSchema.parse(parseJsonOption(fs.readFileSync(o.contract, "utf8"), "--contract"))
    : undefined;
  if (ev.needs.baseline && !o.baseline) throw new Error(`${ev.id} needs --baseline`);
  const roles = { label: o.label, prediction: o.prediction };
  const files = await readFileFrames(o.baseline ? [o.baseline, o.current] : [o.current]);
  mark("files read");
  const baseline = o.baseline ? withRoles(files[0]!, roles) : undefined;
  const current = withRoles(files[files.length - 1]!, roles);
  const cohortKeys = (o.cohort ?? []).flatMap((c) => c.split(",")).map((s) => s.trim()).filter(Boolean);
  const minCohortSize = Number(o.minCohortSize);
  if (!Number.isInteger(minCohortSize) || minCohortSize < 0) throw new Error("--min-cohort-size must be a non-negative integer");
  const result = await runEvaluator({ pluginRef: o.plugin, config, baseline, current, cohortKeys, minCohortSize, contract, registry });
  mark("evaluated");
  if (o.format === "json") process.stdout.write(JSON.stringify(toCliJson(result, !!o.charts)) + "\n");
  else process.stdout.write(formatTable(result));
  const statuses = result.cohorts.map((c) => c.status);
  if (o.failOn === "fail" && statuses.includes("fail")) return 1;
  if (o.failOn === "warn" && (statuses.includes("fail") || statuses.includes("warn"))) return 1;
  return 0;
}

export function registerEvaluateCommands(program: Command): void {
  program
    .command("evaluate")
    .description("run an evaluator on local CSV, Parquet or NDJSON files (no server needed)")
    .requiredOption("--plugin <id>", "evaluator id, optionally id@version (e.g. drift.ks or drift.ks@1.0.0)")
    .option("--baseline <file>", "reference data (.csv, .parquet, .ndjson/.jsonl)")
    .requiredOption("--current <file>", "data to judge (.csv, .parquet, .ndjson/.jsonl)")
    .option("--config <json>", "evaluator config as JSON (or @file.json)")
    .option("--cohort <column...>", "cohort column(s): results for `all` and for each value")
    .option("--label <column>", "label column name (default: label)")
    .option("--prediction <column>", "prediction column name (default: prediction)")
    .addOption(new Option("--format <format>", "output format").choices(["json", "table"]).default("table"))
    .option("--min-cohort-size <n>", "value cohorts with fewer rows are n/a", String(DEFAULT_MIN_COHORT_SIZE))
    .option("--contract <file>", "feature contract JSON { features: [...] }")
    .option("--charts", "include chart data in JSON output")
    .addOption(new Option("--fail-on <status>", "exit 1 when a cohort has this status or worse").choices(["never", "warn", "fail"]).default("never"))
    .action(async (opts: EvaluateOpts) => {
      process.exitCode = await runEvaluateCommand(opts);
    });

  program
    .command("plugins")
    .description("list installed evaluators with ids, versions and config schemas")
    .addOption(new Option("--format <format>", "output format").choices(["json", "table"]).default("table"))
    .action(async (opts: { format: "json" | "table" }) => {
      const { registry, errors } = await loadRegistry();
      const list = registry.describe();
      if (opts.format === "json") {
        process.stdout.write(JSON.stringify({ plugins: list, errors }) + "\n");
        return;
      }
      for (const p of list) {
        process.stdout.write(`${p.id}@${p.version}  [${p.kind}]  ${p.title}  (${p.source})\n`);
        process.stdout.write(`  needs: baseline=${p.needs.baseline} labels=${p.needs.labels}\n`);
        process.stdout.write(`  config: ${JSON.stringify(p.config)}\n`);
      }
      if (errors.length) process.exitCode = 1;
    });
}
