/**
 * The one status vocabulary: every word a page, cell, report, badge or export shows for a status,
 * its colour (tone) and what kind of status it is. Several kinds exist side by side and must not
 * be confused — a run that *succeeded* (it finished) can hold a result that *fails* (the model
 * is unhealthy) — so each word comes with its kind's label ("Run", "Result", "SLO", …).
 */

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

export const STATUS_KINDS = {
  run: {
    label: "Run",
    about: "whether the run finished; it says nothing about the model's health",
    words: {
      queued: { text: "queued", tone: "muted", meaning: "waiting for a worker" },
      running: { text: "running", tone: "info", meaning: "cells are being evaluated" },
      succeeded: { text: "succeeded", tone: "pass", meaning: "every cell finished (the results may still fail their thresholds)" },
      partial: { text: "partial", tone: "warn", meaning: "some cells failed to finish; the others have results" },
      failed: { text: "failed", tone: "fail", meaning: "the run could not finish: some results are missing" },
      cancelled: { text: "cancelled", tone: "muted", meaning: "stopped before it finished" },
    },
  },
  result: {
    label: "Result",
    about: "what the evaluators found, judged against the cell's thresholds",
    words: {
      pass: { text: "pass", tone: "pass", meaning: "within every threshold" },
      warn: { text: "warn", tone: "warn", meaning: "past a warning threshold" },
      fail: { text: "fail", tone: "fail", meaning: "past a failure threshold" },
      "n/a": { text: "no result", tone: "muted", meaning: "nothing to judge (no data, e.g. no labels in the window)" },
    },
  },
  slo: {
    label: "SLO",
    about: "a service level objective of the model, judged where it is defined (all traffic or every cohort)",
    words: {
      met: { text: "met", tone: "pass", meaning: "the objective holds" },
      at_risk: { text: "at risk", tone: "warn", meaning: "the objective holds, but close to its target or not in every cohort" },
      breached: { text: "breached", tone: "fail", meaning: "the objective does not hold" },
      no_data: { text: "no data", tone: "muted", meaning: "the run has no value for the objective's metric: it is neither met nor breached" },
    },
  },
  summary: {
    label: "Overall",
    about: "the leadership summary's verdict over SLOs, quality, drift and skew",
    words: {
      pass: { text: "healthy", tone: "pass", meaning: "every SLO met, nothing found" },
      warn: { text: "needs attention", tone: "warn", meaning: "an SLO at risk, drift, or a weak cohort" },
      fail: { text: "failing", tone: "fail", meaning: "an SLO breached or a failure found (e.g. training/serving skew)" },
      "n/a": { text: "no data", tone: "muted", meaning: "nothing could be judged (no values for any SLO)" },
    },
  },
  guardrail: {
    label: "Guardrail",
    about: "the state of a guardrail watching a metric after each run",
    words: {
      ok: { text: "ok", tone: "pass", meaning: "within its thresholds" },
      warning: { text: "warning", tone: "warn", meaning: "past its warning threshold" },
      alert: { text: "alert", tone: "fail", meaning: "past its alert threshold: an incident is open" },
      flapping: { text: "flapping", tone: "warn", meaning: "changing state too often to trust" },
      no_data: { text: "no data", tone: "muted", meaning: "no recent value to judge" },
      paused: { text: "paused", tone: "muted", meaning: "not evaluated" },
      none: { text: "no guardrails", tone: "muted", meaning: "nothing watches this model yet" },
    },
  },
  labels: {
    label: "Labels",
    about: "whether enough of the window's predictions have their label for label-based metrics to be trusted",
    words: {
      immature: { text: "immature", tone: "warn", meaning: "too few predictions labelled yet (below the runner's label-coverage threshold): the metrics rest on the labels that arrived first" },
      mature: { text: "mature", tone: "pass", meaning: "enough predictions labelled" },
    },
  },
} satisfies Record<string, StatusKindDef>;

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
