/**
 * The one status vocabulary: every word a page, cell, report, badge or export shows for a status,
 * its colour (tone) and what kind of status it is. Several kinds exist side by side and must not
 * be confused — a run that *succeeded* (it finished) can hold a result that *fails* (the model
 * is unhealthy) — so each word comes with its kind's label ("Run", "Result", "SLO", …).
 */

import statusWords from "./status-words.json";

/** One colour per meaning, everywhere: pass = healthy, warn = needs attention, fail = broken,
 * info = in progress / neutral, muted = nothing to judge. */
export type Tone = "pass" | "warn" | "fail" | "info" | "muted";

export interface StatusWord {
  /** the word shown in the badge */
  text: string;
  tone: Tone;
  /** one sentence for a tooltip or a legend */
  meaning: string;
}

interface StatusKindDef {
  /** what a badge of this kind is about, shown next to it ("Run", "Result") */
  label: string;
  about: string;
  words: Record<string, StatusWord>;
}

const TONES: ReadonlySet<string> = new Set<Tone>(["pass", "warn", "fail", "info", "muted"]);

/** The vocabulary as its table (status-words.json) holds it, every tone checked once at load. */
function checkedKinds<K extends string>(kinds: Record<K, { label: string; about: string; words: Record<string, { text: string; tone: string; meaning: string }> }>): Record<K, StatusKindDef> {
  for (const [kind, def] of Object.entries<{ words: Record<string, { tone: string }> }>(kinds))
    for (const [status, w] of Object.entries(def.words)) if (!TONES.has(w.tone)) throw new Error(`status-words.json: ${kind}.${status} has the unknown tone "${w.tone}"`);
  return kinds as Record<K, StatusKindDef>;
}

/**
 * Every kind: run, result, slo, summary (the leadership summary's "Overall"), guardrail, labels —
 * its label, what it is about, and each status's word, tone and meaning. The table is data
 * (status-words.json, one word a line); a new word or kind is one line or block there.
 */
export const STATUS_KINDS = checkedKinds(statusWords);

export type StatusKind = keyof typeof STATUS_KINDS;

/** The word, tone and meaning of a status of one kind; an unknown status is shown as itself, muted. */
export function statusWord(kind: StatusKind, status: string | null | undefined): StatusWord & { kindLabel: string } {
  const def: StatusKindDef = STATUS_KINDS[kind];
  const key = status ?? (kind === "result" || kind === "summary" ? "n/a" : "");
  const w = Object.hasOwn(def.words, key) ? def.words[key] : undefined;
  return { ...(w ?? { text: key.replaceAll("_", " ") || "unknown", tone: "muted", meaning: "" }), kindLabel: def.label };
}

/** "Run: succeeded", "Result: fail" — the form that says which kind of status it is. */
export function statusPhrase(kind: StatusKind, status: string | null | undefined): string {
  const w = statusWord(kind, status);
  return `${w.kindLabel}: ${w.text}`;
}

/** A finished run's lifecycle word from its compute cells: some cells failed while others have
 * results → "partial"; a failed run with no result at all stays "failed". */
export function runLifecycle(runStatus: string, computeCells: { status: string }[]): string {
  if (runStatus !== "succeeded" && runStatus !== "failed") return runStatus;
  const failed = computeCells.some((c) => c.status === "failed");
  const ok = computeCells.some((c) => c.status === "succeeded");
  if (runStatus === "succeeded") return failed ? "partial" : "succeeded";
  return ok ? "partial" : "failed";
}

/** Colours of the tones for documents without Tailwind (report HTML, PDF, exports): one table. */
export const TONE_COLOURS: Record<Tone, { bg: string; fg: string; border: string }> = {
  pass: { bg: "#ecfdf5", fg: "#065f46", border: "#a7f3d0" },
  warn: { bg: "#fffbeb", fg: "#92400e", border: "#fcd34d" },
  fail: { bg: "#fef2f2", fg: "#991b1b", border: "#fca5a5" },
  info: { bg: "#f0f9ff", fg: "#075985", border: "#bae6fd" },
  muted: { bg: "#f4f4f5", fg: "#3f3f46", border: "#d4d4d8" },
};

/** Ranks result statuses from nothing to judge to failure (for "the worst of"). */
export const RESULT_RANK: Record<string, number> = { "n/a": 0, pass: 1, warn: 2, fail: 3 };
