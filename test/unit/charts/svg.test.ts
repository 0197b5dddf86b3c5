import { describe, expect, it } from "vitest";
import { JSDOM } from "jsdom";
import { renderSvg, renderSvgOnly } from "@/server/charts/svg";
import { chartsForResult, confusionMatrixSpec, driftStatisticSpec, rocSpec, trendSpec } from "@/server/charts/specs";
import { binaryResult, driftResult, trendResult } from "./fixtures";

function parse(markup: string) {
  return new JSDOM(`<!doctype html><body>${markup}</body>`).window.document;
}

describe("renderSvg (server-side, jsdom)", () => {
  it("renders a chart without a legend as a bare <svg> with one group per mark", () => {
    const markup = renderSvg(rocSpec(binaryResult.cohorts[0]!.chart!.roc));
    expect(markup.startsWith("<svg")).toBe(true);
    const doc = parse(markup);
    const svg = doc.querySelector("svg")!;
    expect(svg.getAttribute("viewBox")).toBe("0 0 320 300");
    expect(svg.getAttribute("xmlns")).toBe("http://www.w3.org/2000/svg");
    expect(svg.querySelectorAll("path").length).toBeGreaterThanOrEqual(2); // diagonal + curve
  });

  it("renders a chart with a legend as figure > svg[viewBox], bars per feature and the threshold rules", () => {
    const markup = renderSvg(driftStatisticSpec(driftResult.cohorts[0]!, { warn: 0.1 }));
    expect(markup.startsWith("<figure")).toBe(true);
    const doc = parse(markup);
    const chart = doc.querySelector("figure > svg[viewBox]")!;
    expect(chart).not.toBeNull();
    // 3 features with a psi → 3 bars; fail + warn + zero rules → 3 lines in rule groups
    expect(chart.querySelectorAll("g[aria-label='bar'] rect")).toHaveLength(3);
    expect(chart.querySelectorAll("g[aria-label='rule'] line")).toHaveLength(3);
    expect(chart.querySelectorAll("g[aria-label='text'] text")).toHaveLength(3);
  });

  it("confusion matrix: 4 cells and their counts", () => {
    const doc = parse(renderSvg(confusionMatrixSpec(binaryResult.cohorts[0]!.chart!.confusion_matrix)));
    expect(doc.querySelectorAll("g[aria-label='cell'] rect")).toHaveLength(4);
    expect(doc.body.textContent).toContain("900");
  });

  it("trend: one path per cohort and a dot per run with a value", () => {
    const doc = parse(renderSvgOnly(trendSpec(trendResult)));
    expect(doc.querySelector("svg")!.getAttribute("viewBox")).not.toBeNull();
    expect(doc.querySelectorAll("g[aria-label='line'] path")).toHaveLength(2);
    const [dots, ...rings] = [...doc.querySelectorAll("g[aria-label='dot']")];
    expect(dots!.querySelectorAll("circle")).toHaveLength(5);
    // dots carry their line's colour (the legend's); warn/fail runs get an unfilled status ring
    const lineColours = [...doc.querySelectorAll("g[aria-label='line'] path")].map((p) => p.getAttribute("stroke"));
    for (const c of dots!.querySelectorAll("circle")) expect(lineColours).toContain(c.getAttribute("fill"));
    for (const r of rings) expect(r.getAttribute("fill")).toBe("none");
  });

  it("trend: a single run gets a padded axis with a readable date, not raw ISO", () => {
    const one = { ...trendResult, series: [{ ...trendResult.series[0]!, points: [trendResult.series[0]!.points[0]!] }] };
    const doc = parse(renderSvgOnly(trendSpec(one)));
    const ticks = [...doc.querySelectorAll("g[aria-label='x-axis tick label'] text")].map((t) => t.textContent);
    expect(ticks.length).toBeGreaterThan(1);
    expect(new Set(ticks).size).toBe(ticks.length);
    for (const t of ticks) expect(t).toMatch(/^([A-Z][a-z]{2} \d{1,2}( \d\d:\d\d)?|\d\d:\d\d:\d\d)$/);
  });

  it("trend: runs milliseconds apart still get distinct tick labels", () => {
    const at = Date.parse("2025-11-26T01:57:03Z");
    const close = { ...trendResult, series: [{ ...trendResult.series[0]!, points: [0, 40].map((ms, i) => ({ runId: `r${i}`, at: new Date(at + ms).toISOString(), value: 0.8, status: "pass" })) }] };
    const doc = parse(renderSvgOnly(trendSpec(close)));
    const ticks = [...doc.querySelectorAll("g[aria-label='x-axis tick label'] text")].map((t) => t.textContent);
    expect(ticks.length).toBeGreaterThan(1);
    expect(new Set(ticks).size).toBe(ticks.length);
  });

  it("renders every chart chosen for a result, reusing one document", () => {
    const document = new JSDOM("").window.document;
    const specs = chartsForResult(binaryResult);
    const svgs = specs.map((s) => renderSvg(s.options, { document }));
    expect(svgs).toHaveLength(5);
    for (const s of svgs) expect(s).toMatch(/<svg[^>]*viewBox/);
  });
});
