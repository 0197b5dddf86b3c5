/** A notebook's relative data selection → absolute times, versions and reference for one run. */
import type { ResolvedSelection, Selection } from "./types";

const DAY = 24 * 3600 * 1000;

export interface ResolveContext {
  now: Date;
  /** when the notebook's previous finished run started (for "since last run") */
  lastRunAt: Date | null;
  versions: { label: string; stage: string }[];
  baselines: { id: string; name: string; createdAt: Date }[];
}

export function resolveSelection(sel: Selection, ctx: ResolveContext): ResolvedSelection {
  const to = ctx.now;
  let from: Date;
  let end = to;
  switch (sel.window.kind) {
    case "lastDays":
      from = new Date(to.getTime() - sel.window.days * DAY);
      break;
    case "range":
      from = new Date(sel.window.from);
      end = new Date(sel.window.to);
      break;
    case "sinceLastRun":
      from = ctx.lastRunAt ?? new Date(to.getTime() - sel.window.fallbackDays * DAY);
      break;
  }
  let versions = sel.versions;
  if (!versions.length) {
    const prod = ctx.versions.find((v) => v.stage === "production");
    versions = prod ? [prod.label] : ctx.versions.map((v) => v.label);
  }
  let reference: ResolvedSelection["reference"];
  const ref = sel.reference;
  switch (ref.kind) {
    case "none":
      reference = { kind: "none" };
      break;
    case "precedingWindow": {
      const len = end.getTime() - from.getTime();
      reference = { kind: "window", from: new Date(from.getTime() - len).toISOString(), to: from.toISOString() };
      break;
    }
    case "range":
      reference = { kind: "window", from: new Date(ref.from).toISOString(), to: new Date(ref.to).toISOString() };
      break;
    case "baseline": {
      const b = ref.baselineId
        ? ctx.baselines.find((x) => x.id === ref.baselineId)
        : ref.baselineName
          ? ctx.baselines.find((x) => x.name === ref.baselineName)
          : ctx.baselines[0];
      reference = b
        ? { kind: "baseline", baselineId: b.id, baselineName: b.name }
        : {
            kind: "missing",
            message: ctx.baselines.length
              ? `the model has no baseline "${ref.baselineName ?? ref.baselineId}".`
              : "the model has no baseline yet. Upload one (POST /api/v1/models/{slug}/baselines) or choose an earlier window as the reference.",
          };
      break;
    }
  }
  return { versions, from: from.toISOString(), to: end.toISOString(), reference, cohortKeys: sel.cohortKeys, minCohortSize: sel.minCohortSize };
}
