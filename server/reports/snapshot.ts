/**
 * Run → frozen snapshot (pure). Keeps every aggregate a report shows (values per cohort, per-column
 * results, chart points, the window, versions, reference, plugin ids@versions) and caps long arrays
 * (e.g. ROC curves) so a report stays small whatever the window's size.
 */
import { cellType, type SnapshotKit } from "../cells";
import type { ReportSnapshot, ResultStatus, SnapshotCell, SnapshotEvaluation } from "./types";

/** The parts of a run (server/notebooks/runs.ts getRun) a snapshot reads. */
export type RunInput = Omit<ReportSnapshot["run"], "createdAt" | "finishedAt"> & {
  createdAt: Date | string;
  finishedAt: Date | string | null;
  cells: {
    cellId: string;
    type: string;
    title: string | null;
    html?: string;
    status: string;
    resultStatus: string | null;
    pluginRef: string | null;
    selection: unknown;
    config?: Record<string, unknown>;
    result: unknown;
    error: string | null;
  }[];
};

/** The model as a snapshot records it. */
export type ModelInput = ReportSnapshot["model"];

const MAX_ARRAY = 120;

/** Evenly thins arrays longer than MAX_ARRAY (keeping first and last), recursively. */
export function compact(value: unknown, depth = 0): unknown {
  if (depth > 12) return null;
  if (Array.isArray(value)) {
    let arr = value;
    if (arr.length > MAX_ARRAY) {
      const step = (arr.length - 1) / (MAX_ARRAY - 1);
      arr = Array.from({ length: MAX_ARRAY }, (_, i) => value[Math.round(i * step)]);
    }
    return arr.map((v) => compact(v, depth + 1));
  }
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = compact(v, depth + 1);
    return out;
  }
  if (typeof value === "number" && !Number.isFinite(value)) return null;
  return value;
}

const iso = (d: Date | string | null) => (d === null ? null : typeof d === "string" ? d : d.toISOString());

function evaluation(raw: unknown, label?: string): SnapshotEvaluation | undefined {
  if (!raw || typeof raw !== "object" || !("cohorts" in raw)) return undefined;
  const r = raw as SnapshotEvaluation & { label?: string };
  return compact({
    plugin: r.plugin,
    version: r.version,
    status: r.status,
    n: r.n,
    cohorts: r.cohorts,
    ...(r.notes ? { notes: r.notes } : {}),
    ...(r.sample ? { sample: r.sample } : {}),
    ...(label ?? r.label ? { label: label ?? r.label } : {}),
  }) as SnapshotEvaluation;
}

interface Sel {
  from?: string;
  to?: string;
  versions?: string[];
  reference?: { kind: string; baselineName?: string; from?: string; to?: string; message?: string };
}

function selections(selection: unknown): Sel[] {
  if (!selection || typeof selection !== "object") return [];
  const s = selection as Sel & { a?: Sel; b?: Sel };
  if (s.a && s.b) return [s.a, s.b];
  return s.from ? [s] : [];
}

function referenceText(r: NonNullable<Sel["reference"]>): string | null {
  switch (r.kind) {
    case "baseline":
      return `baseline "${r.baselineName}"`;
    case "window":
      return `window ${r.from?.slice(0, 10)} → ${r.to?.slice(0, 10)}`;
    case "missing":
      return `no baseline (${r.message ?? "missing"})`;
    default:
      return null;
  }
}

export function buildSnapshot(run: RunInput, model: ModelInput, now = new Date()): ReportSnapshot {
  const cells: SnapshotCell[] = [];
  let from: string | null = null;
  let to: string | null = null;
  const versions = new Set<string>();
  const refs = new Set<string>();
  const plugins = new Set<string>();
  const kit: SnapshotKit = {
    compact,
    evaluation,
    noteSelection(selection) {
      for (const s of selections(selection)) {
        if (s.from && (!from || s.from < from)) from = s.from;
        if (s.to && (!to || s.to > to)) to = s.to;
        for (const v of s.versions ?? []) versions.add(v);
        const t = s.reference && referenceText(s.reference);
        if (t) refs.add(t);
      }
    },
    notePlugin(ref, opts) {
      if (!opts?.ifNone || !plugins.size) plugins.add(ref);
    },
  };
  for (const c of run.cells) {
    const base: SnapshotCell = {
      cellId: c.cellId,
      type: c.type as SnapshotCell["type"],
      title: c.title,
      status: c.status,
      resultStatus: (c.resultStatus as ResultStatus | null) ?? null,
      pluginRef: c.pluginRef,
      ...(c.error ? { error: c.error } : {}),
    };
    cells.push(cellType(c.type).snapshot(c, base, kit));
  }
  for (const c of run.cells) if (c.pluginRef && c.status === "succeeded") plugins.add(c.pluginRef);
  return {
    schema: 1,
    frozenAt: now.toISOString(),
    run: {
      id: run.id,
      notebookId: run.notebookId,
      notebookTitle: run.notebookTitle,
      notebookRevision: run.notebookRevision,
      status: run.status,
      resultStatus: run.resultStatus,
      trigger: run.trigger,
      createdAt: iso(run.createdAt)!,
      finishedAt: iso(run.finishedAt),
    },
    model: {
      id: model.id,
      slug: model.slug,
      name: model.name,
      task: model.task,
      ownerTeam: model.ownerTeam,
      onCall: model.onCall,
      businessMetric: model.businessMetric,
      slos: model.slos,
      versions: model.versions.map((v) => ({ label: v.label, stage: v.stage })),
    },
    window: from && to ? { from, to } : null,
    versions: [...versions],
    baselines: [...refs],
    plugins: [...plugins].sort(),
    cells,
  };
}

/** Cells a report shows by default: everything that produced something. */
export function defaultCellOrder(s: ReportSnapshot): string[] {
  return s.cells.filter((c) => c.type === "markdown" || c.evaluation || c.comparison || c.paired || c.chart || c.error).map((c) => c.cellId);
}
