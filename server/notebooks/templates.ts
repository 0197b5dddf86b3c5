/**
 * Notebook templates a user can start from. Each is built from the model: its task picks the
 * quality evaluator, its feature contract's key features are what drift watches, its categorical
 * key features become the cohorts, its versions fill "candidate vs production".
 */
import type { Cell, Selection } from "./types";
import { DEFAULT_SELECTION } from "./types";

export const TEMPLATE_IDS = ["weekly-health", "drift-and-skew", "cost-and-latency", "candidate-vs-production"] as const;
export type TemplateId = (typeof TEMPLATE_IDS)[number];

export const TEMPLATES: { id: TemplateId; title: string; description: string }[] = [
  { id: "weekly-health", title: "Weekly health check", description: "Quality per cohort, drift on key features, data quality, cost & latency." },
  { id: "drift-and-skew", title: "Drift and skew", description: "Drift of every key feature against the training baseline and training/serving skew." },
  { id: "cost-and-latency", title: "Cost and latency", description: "Latency percentiles, cost per request and per correct prediction, per cohort." },
  { id: "candidate-vs-production", title: "Candidate vs production", description: "The same evaluators on the candidate (or shadow) version and on production, side by side." },
];

/** Plugin ids the templates use (the built-in evaluators). */
export const PLUGINS = {
  quality: (task: string) => `quality.${task}`,
  drift: "drift.psi",
  driftCategorical: "drift.chisquare",
  dataQuality: "data.quality",
  skew: "skew.training_serving",
  cost: "cost.latency",
} as const;

export interface TemplateModel {
  name: string;
  task: string;
  features: { name: string; type: string; key: boolean }[];
  versions: { label: string; stage: string }[];
}

export interface BuiltNotebook {
  title: string;
  description: string;
  defaults: Selection;
  cells: Cell[];
}

function keyFeatures(m: TemplateModel) {
  const keys = m.features.filter((f) => f.key);
  return keys.length ? keys : m.features.slice(0, 5);
}
function cohortCandidates(m: TemplateModel): string[] {
  return m.features.filter((f) => f.key && (f.type === "categorical" || f.type === "boolean")).map((f) => f.name).slice(0, 2);
}
function production(m: TemplateModel) {
  return m.versions.find((v) => v.stage === "production")?.label;
}
function challenger(m: TemplateModel) {
  return (
    m.versions.find((v) => v.stage === "candidate") ??
    m.versions.find((v) => v.stage === "shadow") ??
    m.versions.find((v) => v.stage === "canary")
  )?.label;
}

export function buildTemplate(id: TemplateId, model: TemplateModel): BuiltNotebook {
  const keys = keyFeatures(model);
  const numericKeys = keys.filter((f) => f.type === "numeric").map((f) => f.name);
  const categoricalKeys = keys.filter((f) => f.type !== "numeric" && f.type !== "text").map((f) => f.name);
  const cohortKeys = cohortCandidates(model);
  const defaults: Selection = { ...DEFAULT_SELECTION, window: { kind: "lastDays", days: 7 }, reference: { kind: "baseline" }, cohortKeys };
  const md = (id: string, source: string): Cell => ({ id, type: "markdown", source });

  switch (id) {
    case "weekly-health": {
      const cells: Cell[] = [
        md("intro", `# Weekly health check — ${model.name}\n\nLast 7 days against the training baseline, for \`all\` and per cohort (${cohortKeys.join(", ") || "no cohort keys yet"}).`),
        { id: "quality", type: "evaluator", title: "Quality per cohort", pluginId: PLUGINS.quality(model.task), config: {}, selection: { reference: { kind: "none" } } },
        { id: "quality-chart", type: "chart", title: "Quality per cohort", sourceCellId: "quality", mark: "bar" },
        { id: "drift", type: "evaluator", title: "Drift on key features", pluginId: PLUGINS.drift, config: {}, columns: numericKeys.length ? numericKeys : undefined, selection: { cohortKeys: [] } },
        { id: "drift-chart", type: "chart", title: "PSI per key feature", sourceCellId: "drift", metric: "psi", mark: "bar" },
        { id: "data-quality", type: "evaluator", title: "Data quality", pluginId: PLUGINS.dataQuality, config: {}, selection: { reference: { kind: "none" }, cohortKeys: [] } },
        { id: "cost", type: "evaluator", title: "Cost & latency", pluginId: PLUGINS.cost, config: {}, selection: { reference: { kind: "none" } } },
      ];
      return { title: "Weekly health check", description: TEMPLATES[0]!.description, defaults, cells };
    }
    case "drift-and-skew": {
      const cells: Cell[] = [
        md("intro", `# Drift and skew — ${model.name}\n\nHas the input moved since training, and does serving compute features the way training did?`),
        { id: "drift", type: "evaluator", title: "Drift on numeric key features", pluginId: PLUGINS.drift, config: {}, columns: numericKeys.length ? numericKeys : undefined },
        { id: "drift-chart", type: "chart", title: "PSI per feature", sourceCellId: "drift", metric: "psi", mark: "bar" },
        ...(categoricalKeys.length
          ? [{ id: "drift-categorical", type: "evaluator", title: "Drift on categorical key features", pluginId: PLUGINS.driftCategorical, config: {}, columns: categoricalKeys } as Cell]
          : []),
        { id: "skew", type: "evaluator", title: "Training/serving skew", pluginId: PLUGINS.skew, config: {}, columns: keys.map((f) => f.name) },
      ];
      return { title: "Drift and skew", description: TEMPLATES[1]!.description, defaults: { ...defaults, cohortKeys: [] }, cells };
    }
    case "cost-and-latency": {
      const cells: Cell[] = [
        md("intro", `# Cost and latency — ${model.name}\n\nLatency percentiles and cost per request over the last 7 days.`),
        { id: "cost", type: "evaluator", title: "Cost & latency", pluginId: PLUGINS.cost, config: {} },
        { id: "cost-chart", type: "chart", title: "p95 latency per cohort", sourceCellId: "cost", metric: "latency_p95_ms", mark: "bar" },
      ];
      return { title: "Cost and latency", description: TEMPLATES[2]!.description, defaults: { ...defaults, reference: { kind: "none" } }, cells };
    }
    case "candidate-vs-production": {
      const prod = production(model) ?? model.versions[0]?.label ?? "production";
      const cand = challenger(model) ?? model.versions.find((v) => v.label !== prod)?.label ?? prod;
      const a = { kind: "version" as const, version: prod, label: `${prod} (production)` };
      const b = { kind: "version" as const, version: cand, label: `${cand} (challenger)` };
      const cells: Cell[] = [
        md("intro", `# ${cand} vs ${prod} — ${model.name}\n\nThe same evaluators on both versions over the same window: is the challenger better, and is it worth its cost?`),
        { id: "quality", type: "comparison", title: "Quality", pluginId: PLUGINS.quality(model.task), config: {}, a, b, selection: { reference: { kind: "none" } } },
        { id: "cost", type: "comparison", title: "Cost & latency", pluginId: PLUGINS.cost, config: {}, a, b, selection: { reference: { kind: "none" } } },
        { id: "cost-chart", type: "chart", title: "Cost per request", sourceCellId: "cost", metric: "cost_per_request", mark: "bar" },
      ];
      return { title: "Candidate vs production", description: TEMPLATES[3]!.description, defaults, cells };
    }
  }
}
