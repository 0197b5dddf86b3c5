import { describe, expect, it } from "vitest";
import { JSDOM } from "jsdom";
import { renderSvg } from "@/server/charts/svg";
import { dailyCountSpec, servingSpec, type ServingRow } from "@/server/charts/specs";

const parse = (markup: string) => new JSDOM(`<!doctype html><body>${markup}</body>`).window.document;

const rows: ServingRow[] = ["2026-10-01", "2026-10-02", "2026-10-03"].flatMap((day, i) => [
  { day, version: "v1", requestsPerMinute: 100 + i, errorRate: 0.01 * i, latencyP50Ms: 40, latencyP95Ms: 120 },
  { day, version: "v2", requestsPerMinute: 10, errorRate: null, latencyP50Ms: null, latencyP95Ms: null },
]);

describe("serving chart spec (request rate, error rate, latency per version)", () => {
  it("request rate: one line per version, a dot per day, the axis says when it is estimated", () => {
    const exact = parse(renderSvg(servingSpec(rows, "requests")));
    expect(exact.querySelectorAll("g[aria-label='line'] path")).toHaveLength(2);
    expect(exact.querySelectorAll("g[aria-label='dot'] circle")).toHaveLength(6);
    expect(exact.body.textContent).toContain("requests / min");
    expect(exact.body.textContent).not.toContain("estimated");
    const est = parse(renderSvg(servingSpec(rows, "requests", { estimated: true })));
    expect(est.body.textContent).toContain("≈ requests / min (estimated)");
  });

  it("error rate skips days without requests; latency draws p50 solid and p95 dashed", () => {
    const err = parse(renderSvg(servingSpec(rows, "errorRate")));
    expect(err.querySelectorAll("g[aria-label='dot'] circle")).toHaveLength(3);
    const lat = parse(renderSvg(servingSpec(rows, "latency")));
    const lines = [...lat.querySelectorAll("g[aria-label='line']")];
    expect(lines).toHaveLength(2);
    expect(lines[1]!.getAttribute("stroke-dasharray")).toBe("5,3");
    expect(lat.querySelectorAll("g[aria-label='dot'] circle")).toHaveLength(6);
  });

  it("ticks read as plain numbers at any step (20 ms steps once printed '2e+1')", () => {
    const ticks = (metric: "requests" | "latency", r: ServingRow[]) =>
      [...parse(renderSvg(servingSpec(r, metric))).querySelectorAll("g[aria-label='y-axis tick label'] text")].map((t) => t.textContent);
    const lat = ticks("latency", rows.map((r) => (r.latencyP95Ms ? { ...r, latencyP50Ms: 33, latencyP95Ms: 54 } : r)));
    expect(lat).toEqual(["0", "20", "40"]);
    const busy = ticks("requests", rows.map((r) => ({ ...r, requestsPerMinute: 1500 + r.requestsPerMinute })));
    expect(busy.join(" ")).not.toMatch(/e\+/);
    expect(busy).toContain("1,000");
  });

  it("daily traffic marks estimated counts", () => {
    const doc = parse(renderSvg(dailyCountSpec([{ day: "2026-10-01", predictions: 1234.4 }, { day: "2026-10-02", predictions: 10 }], { estimated: true })));
    expect(doc.body.textContent).toContain("≈ requests");
    expect(doc.querySelector("g[aria-label='rect'] title, g[aria-label='bar'] title")?.textContent).toBe("2026-10-01: ≈ 1,234 requests (estimated)");
  });
});
