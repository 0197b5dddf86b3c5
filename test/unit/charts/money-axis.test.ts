import { describe, expect, it } from "vitest";
import { JSDOM } from "jsdom";
import { renderSvg } from "@/server/charts/svg";
import { metricPerCohortSpec } from "@/server/charts/specs";
import { moneyTickFormat } from "@/server/format/money";

const ticksOf = (svg: string) =>
  [...new JSDOM(`<!doctype html><body>${svg}</body>`).window.document.querySelectorAll("g[aria-label='x-axis tick label'] text")].map((t) => t.textContent ?? "");

describe("money axes", () => {
  it("never print the same tick label twice (the fraud report's cost per correct axis read '$0.02 / 1k' twice)", () => {
    // the demo fraud run: $0.000027 per correct prediction
    const svg = renderSvg(metricPerCohortSpec([{ label: "all", cohort: "all", value: 0.0000272654, status: "pass" }], { metric: "cost_per_correct" }));
    const ticks = ticksOf(svg);
    expect(ticks.length).toBeGreaterThan(2);
    expect(new Set(ticks).size).toBe(ticks.length);
    expect(ticks).toContain("$0.015 / 1k");
    expect(ticks[0]).toBe("$0 / 1k");
  });

  it("shows as many decimals as the step needs, and whole dollars for whole-dollar steps", () => {
    const f = moneyTickFormat([0, 0.03], 5);
    expect([0, 0.005, 0.01, 0.015].map(f)).toEqual(["$0", "$0.005", "$0.010", "$0.015"]);
    expect([0.02, 0.04].map(moneyTickFormat([0, 0.1], 5))).toEqual(["$0.02", "$0.04"]);
    expect([0, 200, 1400].map(moneyTickFormat([0, 1500], 5))).toEqual(["$0", "$200", "$1,400"]);
    expect(moneyTickFormat([0, 0.00003], 5, 1_000)(0.00002)).toBe("$0.020 / 1k");
  });
});

describe("drift bar values", () => {
  it("read as numbers, never in e-notation (the product-recs chi-square printed 9.7e+3)", async () => {
    const { barValue } = await import("@/server/charts/specs/drift");
    expect([9714.3, 1557, 2.79, 0.000789, 1e-7].map((v) => barValue(v, 2))).toEqual(["9,714", "1,557", "2.8", "0.00079", "0.0000001"]);
  });
});
