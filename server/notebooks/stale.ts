/**
 * Why a cell's latest result no longer matches the cell: its config, its data selection (its own
 * or the notebook defaults it uses), the evaluator version — compared between the run's snapshot
 * and the notebook as it is now. Pure: the caller brings both sides.
 */
import { describeSelectionField } from "./parameters";
import { mergeSelection, selectionSchema, type Cell, type Selection } from "./types";
import type { RunParameters } from "./parameters";

export interface StaleInput {
  /** the cell as the run saw it (its snapshot), or undefined when the run's snapshot lacks it */
  before: Cell | undefined;
  /** the notebook's defaults when the run started, and the parameters the run overrode them with */
  beforeDefaults: Selection;
  parameters: RunParameters | null;
  after: Cell;
  afterDefaults: Selection;
  /** "id@version" the result was computed with, and the version a run would use now */
  ranPluginRef: string | null;
  pluginVersionNow: string | null;
}

const FIELD_WORDS: Record<string, string> = {
  pluginId: "evaluator",
  pluginVersion: "pinned evaluator version",
  columns: "feature columns",
  a: "side A",
  b: "side B",
  sourceCellId: "source cell",
  metric: "metric",
  column: "column",
  mark: "mark",
  source: "text",
};
const IGNORED = new Set(["id", "title", "config", "selection", "type"]);

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function valueText(v: unknown): string {
  if (v === undefined || v === null) return "unset";
  if (Array.isArray(v)) return v.length ? v.join(", ") : "none";
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

export function staleReasons(input: StaleInput): string[] {
  const { before, after } = input;
  if (!before) return ["the run that computed this result has no record of this cell"];
  if (before.type !== after.type) return [`the cell changed from ${before.type} to ${after.type}`];
  const reasons: string[] = [];
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;

  if ("config" in a || "config" in b) {
    const bc = (b.config ?? {}) as Record<string, unknown>;
    const ac = (a.config ?? {}) as Record<string, unknown>;
    for (const key of new Set([...Object.keys(bc), ...Object.keys(ac)])) {
      if (!same(bc[key], ac[key])) reasons.push(`config ${key}: ${valueText(bc[key])} → ${valueText(ac[key])}`);
    }
  }
  for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (IGNORED.has(key) || same(b[key], a[key])) continue;
    reasons.push(`${FIELD_WORDS[key] ?? key} changed`);
  }

  if ("selection" in a || "selection" in b || "pluginId" in a) {
    const ranDefaults = { ...input.beforeDefaults, ...Object.fromEntries(Object.entries(input.parameters ?? {}).filter(([, v]) => v !== undefined)) } as Selection;
    const ranWith = mergeSelection(ranDefaults, b.selection as Partial<Selection> | undefined);
    const nowWith = mergeSelection(input.afterDefaults, a.selection as Partial<Selection> | undefined);
    const ownNow = (a.selection ?? {}) as Partial<Selection>;
    for (const key of Object.keys(selectionSchema.shape) as (keyof Selection)[]) {
      if (same(ranWith[key], nowWith[key])) continue;
      const change = `${key} ${describeSelectionField(key, ranWith)} → ${describeSelectionField(key, nowWith)}`;
      if (input.parameters?.[key as keyof RunParameters] !== undefined && ownNow[key] === undefined) reasons.push(`the run overrode the notebook's ${key} (parameter): ${change}`);
      else if (ownNow[key] === undefined && (b.selection as Partial<Selection> | undefined)?.[key] === undefined) reasons.push(`notebook defaults changed: ${change}`);
      else reasons.push(`data selection changed: ${change}`);
    }
  }

  if (input.ranPluginRef && input.pluginVersionNow) {
    const ran = input.ranPluginRef.split("@")[1];
    if (ran && ran !== input.pluginVersionNow) reasons.push(`evaluator version ${ran} → ${input.pluginVersionNow}`);
  }
  return reasons;
}
