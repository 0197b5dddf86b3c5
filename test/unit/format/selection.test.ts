/** The one wording of a data selection (notebook editor, previews, run headers, stale reasons). */
import { describe, expect, it } from "vitest";
import { describeReference, describeWindow } from "@/server/format/selection";
import { parseWindowText } from "@/server/notebooks/parameters";
import { staleReasons } from "@/server/notebooks/stale";
import { DEFAULT_SELECTION, type Cell } from "@/server/notebooks/types";

describe("selection in words", () => {
  it("says windows as the window field reads them back", () => {
    for (const days of [1 / 24, 0.5, 1, 7, 14, 366]) {
      const words = describeWindow({ kind: "lastDays", days });
      expect(parseWindowText(words), words).toEqual({ kind: "lastDays", days });
    }
    expect(describeWindow({ kind: "lastDays", days: 1 / 24 })).toBe("last 1 hour");
    expect(describeWindow({ kind: "lastDays", days: 0.5 })).toBe("last 12 hours");
    expect(describeWindow({ kind: "lastDays", days: 1 })).toBe("last day");
    expect(describeWindow({ kind: "range", from: "2026-10-01T00:00:00Z", to: "2026-10-31" })).toBe("2026-10-01 → 2026-10-31");
    expect(describeWindow({ kind: "sinceLastRun", fallbackDays: 14 })).toBe("since the last run (first run: last 14 days)");
  });

  it("names the reference, by name before id", () => {
    expect(describeReference({ kind: "baseline" })).toBe("the newest baseline");
    expect(describeReference({ kind: "baseline", baselineId: "b1" })).toBe("baseline b1");
    expect(describeReference({ kind: "baseline", baselineId: "b1", baselineName: "training" })).toBe("baseline “training”");
    expect(describeReference({ kind: "precedingWindow" })).toBe("the preceding window");
    expect(describeReference({ kind: "none" })).toBe("no reference");
  });

  it("tells a change of the first-run fallback apart in stale reasons", () => {
    const cell: Cell = { id: "drift", type: "evaluator", pluginId: "drift.psi", config: {} };
    const since = (fallbackDays: number) => ({ ...DEFAULT_SELECTION, window: { kind: "sinceLastRun" as const, fallbackDays } });
    const reasons = staleReasons({
      before: cell,
      after: cell,
      beforeDefaults: since(7),
      afterDefaults: since(14),
      parameters: null,
      ranPluginRef: "drift.psi@1.0.0",
      pluginVersionNow: "1.0.0",
    });
    expect(reasons).toEqual(["notebook defaults changed: window since the last run (first run: last 7 days) → since the last run (first run: last 14 days)"]);
  });
});
