/** Issue 19: run parameters in words, stale reasons, the threshold preview and partial-run scope — pure functions. */
import { describe, expect, it } from "vitest";
import { parseWindowText, runRequestSchema } from "@/server/notebooks/parameters";
import { staleReasons } from "@/server/notebooks/stale";
import { runScope } from "@/server/notebooks/runs";
import { DEFAULT_SELECTION, type Cell } from "@/server/notebooks/types";
import { invertedThresholds, thresholdPreview } from "@/app/w/[workspace]/notebooks/_components/cell-preview";
import { cohortAll } from "../helpers/results";

const skew: Cell = { id: "skew", type: "evaluator", pluginId: "skew.training_serving", config: { entityKey: "request_id" }, columns: ["a", "b"] };

describe("run parameters", () => {
  it("reads windows in words and rejects what is not one", () => {
    expect(parseWindowText("last 14 days")).toEqual({ kind: "lastDays", days: 14 });
    expect(parseWindowText("Last 12 hours")).toEqual({ kind: "lastDays", days: 0.5 });
    expect(parseWindowText("last 2 weeks")).toEqual({ kind: "lastDays", days: 14 });
    expect(parseWindowText("last day")).toEqual({ kind: "lastDays", days: 1 });
    expect(parseWindowText("since last run")).toEqual({ kind: "sinceLastRun", fallbackDays: 7 });
    expect(parseWindowText("last 400 days")).toBeNull();
    expect(parseWindowText("yesterday-ish")).toBeNull();
    const bad = runRequestSchema.safeParse({ parameters: { window: "yesterday-ish" } });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.path).toEqual(["parameters", "window"]);
    expect(bad.error!.issues[0]!.message).toContain('"yesterday-ish" is not a window');
    expect(runRequestSchema.safeParse({ parameters: { versions: ["v3.3"], colour: "red" } }).success).toBe(false);
  });
});

describe("stale reasons", () => {
  const base = { beforeDefaults: DEFAULT_SELECTION, parameters: null, afterDefaults: DEFAULT_SELECTION, ranPluginRef: "skew.training_serving@1.0.0", pluginVersionNow: "1.0.0" };

  it("is fresh when only the title changed", () => {
    expect(staleReasons({ ...base, before: skew, after: { ...skew, title: "Renamed" } })).toEqual([]);
  });

  it("names config, column, selection, defaults and plugin version changes", () => {
    const after: Cell = { ...skew, config: { entityKey: "request_id", mismatchWarn: 0.2 }, columns: ["a"], selection: { versions: ["v9"] } };
    const reasons = staleReasons({ ...base, before: skew, after, afterDefaults: { ...DEFAULT_SELECTION, window: { kind: "lastDays", days: 14 } }, pluginVersionNow: "1.1.0" });
    expect(reasons).toEqual([
      "config mismatchWarn: unset → 0.2",
      "feature columns changed",
      "data selection changed: versions the production version → v9",
      "notebook defaults changed: window last 7 days → last 14 days",
      "evaluator version 1.0.0 → 1.1.0",
    ]);
  });

  it("says when a result ran with a parameter rather than the notebook's defaults", () => {
    const reasons = staleReasons({ ...base, before: skew, after: skew, parameters: { versions: ["v3.3"] } });
    expect(reasons).toEqual(["the run overrode the notebook's versions (parameter): versions v3.3 → the production version"]);
  });
});

describe("partial-run scope", () => {
  const cells: Cell[] = [
    { id: "intro", type: "markdown", source: "" },
    { id: "drift", type: "evaluator", pluginId: "drift.psi", config: {} },
    { id: "chart", type: "chart", sourceCellId: "drift", mark: "auto" },
    skew,
  ];
  it("takes the charts of a chosen cell and the source of a chosen chart", () => {
    expect([...runScope(cells, ["drift"])].sort()).toEqual(["chart", "drift"]);
    expect([...runScope(cells, ["chart"])].sort()).toEqual(["chart", "drift"]);
    expect([...runScope(cells, ["skew"])]).toEqual(["skew"]);
    expect(() => runScope(cells, ["skew", "nope"])).toThrow(/No cell "nope"/);
  });
});

describe("threshold preview", () => {
  it("counts the features the typed threshold would flag in the last result", () => {
    const last = {
      plugin: "drift.psi",
      version: "1.0.0",
      status: "fail",
      cohorts: [
        cohortAll("fail", 100, {}, [
          { column: "a", status: "pass", metrics: { psi: 0.05 } },
          { column: "b", status: "warn", metrics: { psi: 0.15 } },
          { column: "c", status: "fail", metrics: { psi: 0.4 } },
        ]),
      ],
    };
    const info = { id: "drift.psi", version: "1.0.0", defaultConfig: { threshold: 0.25, warn: 0.1 } } as never;
    const cell = { id: "d", type: "evaluator", pluginId: "drift.psi", config: { warn: 0.2 }, issue: null } as never;
    expect(thresholdPreview({ ...(cell as object), config: { warn: 0.1 } } as never, info, last)[1]).toBe("With warn 0.1, 2 of 3 features would warn (or worse): psi ≥ 0.1 in the last result.");
    expect(thresholdPreview(cell, info, last)).toEqual([
      "With threshold 0.25, 1 of 3 features reach it: psi ≥ 0.25 in the last result.",
      "With warn 0.2, 1 of 3 features would warn (or worse): psi ≥ 0.2 in the last result.",
    ]);
  });
});

describe("threshold preview picks the metric sharing the most words with the setting", () => {
  it("ratioCvMax → ratio_cv, not mean_ratio", () => {
    const last = { status: "warn", cohorts: [{ cohort: "all", status: "warn", n: 10, metrics: {}, columns: [{ column: "a", status: "warn", metrics: { mean_ratio: 2, ratio_cv: 0.01 } }] }] };
    const info = { id: "skew.training_serving", version: "1", defaultConfig: { ratioCvMax: 0.05 } } as never;
    const cell = { id: "s", type: "evaluator", pluginId: "skew.training_serving", config: {}, issue: null } as never;
    expect(thresholdPreview(cell, info, last)).toEqual(["With ratioCvMax 0.05, 0 of 1 feature reach it: ratio_cv ≥ 0.05 in the last result."]);
  });
});

describe("inverted thresholds", () => {
  it("flags a warn line stricter than its fail line, in both directions", () => {
    expect(invertedThresholds({ mismatchWarn: 0.2, mismatchFail: 0.05 })).toEqual([
      "mismatchWarn (0.2) is past mismatchFail (0.05): a value would fail before it warns. The warn line should be below the fail line.",
    ]);
    expect(invertedThresholds({ warnBelow: 0.6, failBelow: 0.7 })[0]).toContain("should be above the fail line");
    expect(invertedThresholds({ warn: 0.3, threshold: 0.25 })[0]).toContain("warn (0.3) is past threshold (0.25)");
    expect(invertedThresholds({ mismatchWarn: 0.01, mismatchFail: 0.05, warnBelow: 0.7, failBelow: 0.6, warn: null, threshold: 0.25 })).toEqual([]);
  });
});

describe("a collapsed result's summary line", () => {
  it("counts features by status, and names the key metrics when a result has no per-feature rows", async () => {
    const { resultLine } = await import("@/app/w/[workspace]/notebooks/_components/cell-output");
    const col = (column: string, status: string) => ({ column, status, metrics: {} });
    const drift = { plugin: "drift.psi", version: "1.0.0", status: "fail", cohorts: [{ cohort: "all", status: "fail", n: 10, metrics: {}, columns: [col("a", "fail"), col("b", "warn"), col("c", "pass")] }] };
    expect(resultLine(drift)).toBe("1 cohort · 3 features (1 fail, 1 warn)");
    const quality = { plugin: "quality.binary", version: "1.0.0", status: "pass", cohorts: [{ cohort: "all", status: "pass", n: 10, metrics: { n_labelled: 9, invalid_labels: 0, accuracy: 0.944, roc_auc: 0.864, f1: 0.37, recall: 0.4 } }] };
    expect(resultLine(quality)).toBe("1 cohort · accuracy 0.944 · roc_auc 0.864 · f1 0.370");
  });
});
