import { describe, expect, it } from "vitest";
import { categoricalColumn, createFrame, numericColumn, type Column } from "@/plugins/sdk";
import segmentsWeak from "@/plugins/builtin/segments.weak";
import { generateDemoTraffic } from "@/server/demo/traffic";
import { DEMO_NOTEBOOKS } from "@/server/demo/notebooks";
import { run } from "./harness";

const DAY = 86_400_000;

describe("demo: the lead-scoring notebook finds the weak tier on its own", () => {
  it("segments.weak over the last 8 weeks of labelled leads reports account_tier = strategic first", async () => {
    const notebook = DEMO_NOTEBOOKS.find((n) => n.model === "lead-scoring")!;
    const cell = notebook.cells.find((c) => c.type === "evaluator" && c.pluginId === "segments.weak") as { config: Record<string, unknown>; selection?: { cohortKeys?: string[] } };
    expect(cell.selection?.cohortKeys).toEqual([]); // not told where to look
    expect(JSON.stringify(cell.config)).not.toMatch(/tier|strategic/);

    const now = Date.UTC(2026, 0, 15);
    const g = generateDemoTraffic("lead-scoring", now);
    const labels = new Map(g.labels.map((l) => [l.requestId, l.value.num]));
    const rows = g.predictions.filter((p) => p.ts >= now - 56 * DAY && labels.has(p.requestId));
    const names = Object.keys(rows[0].features);
    const features: Record<string, Column> = {};
    for (const name of names) {
      const values = rows.map((r) => r.features[name]);
      features[name] = values.some((v) => typeof v === "string") ? categoricalColumn(values.map((v) => (v === null ? null : String(v)))) : numericColumn(values.map((v) => (v === null ? NaN : Number(v))));
    }
    const frame = createFrame({
      features,
      cohorts: { region: categoricalColumn(rows.map((r) => r.cohort?.region ?? null)) },
      label: numericColumn(rows.map((r) => labels.get(r.requestId)!)),
      prediction: numericColumn(rows.map((r) => r.predNum)),
    });
    const r = await run(segmentsWeak, { current: frame, config: cell.config });
    expect(r.status).toBe("fail");
    expect(r.columns!.map((c) => c.column)).toEqual(["account_tier = strategic"]); // and nothing else
    expect(r.notes![0]).toMatch(/^leads with account_tier = strategic: roc_auc 0\.[45]\d .* vs 0\.[6-8]\d elsewhere at similar scores, \d+ leads$/);
  });
});
