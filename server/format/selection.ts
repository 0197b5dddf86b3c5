/**
 * A data selection's window and reference in words — the one wording for the notebook editor, the
 * cell previews, run headers and stale reasons ("window last 7 days → last 14 days"). Pure; the UI
 * imports it. The shapes are those of `server/cells/selection-schema.ts` (structural here, so this
 * folder imports nothing of the product); a window in these words is also what
 * `parseWindowText` reads back.
 */

export type WindowWords =
  | { kind: "lastDays"; days: number }
  | { kind: "range"; from: string; to: string }
  | { kind: "sinceLastRun"; fallbackDays: number };

export type ReferenceWords =
  | { kind: "baseline"; baselineId?: string; baselineName?: string }
  | { kind: "precedingWindow" }
  | { kind: "range"; from: string; to: string }
  | { kind: "none" };

function lastDays(days: number): string {
  if (days < 1) {
    const hours = Math.round(days * 24);
    return `last ${hours} hour${hours === 1 ? "" : "s"}`;
  }
  return days === 1 ? "last day" : `last ${days} days`;
}

const range = (r: { from: string; to: string }) => `${r.from.slice(0, 10)} → ${r.to.slice(0, 10)}`;

/** "last 7 days", "last 12 hours", "2026-10-01 → 2026-10-31", "since the last run (first run: last 7 days)". */
export function describeWindow(w: WindowWords): string {
  switch (w.kind) {
    case "lastDays":
      return lastDays(w.days);
    case "range":
      return range(w);
    case "sinceLastRun":
      return `since the last run (first run: ${lastDays(w.fallbackDays)})`;
  }
}

/** "baseline “training-2026-10”", "the newest baseline", "the preceding window", a range, "no reference". */
export function describeReference(r: ReferenceWords): string {
  switch (r.kind) {
    case "baseline":
      return r.baselineName ? `baseline “${r.baselineName}”` : r.baselineId ? `baseline ${r.baselineId}` : "the newest baseline";
    case "precedingWindow":
      return "the preceding window";
    case "range":
      return range(r);
    case "none":
      return "no reference";
  }
}
