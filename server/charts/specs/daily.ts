import * as Plot from "@observablehq/plot";
import type { SpecOptions } from "./types";
import { BASE } from "./style";

const DAY = 86_400_000;

/** Predictions per UTC day as bars, with a date axis and a count axis. `day` is "YYYY-MM-DD". */
export function dailyCountSpec(daily: { day: string; predictions: number }[], opts: SpecOptions & { estimated?: boolean } = {}): Plot.PlotOptions {
  const noun = opts.estimated ? "requests (estimated)" : "predictions";
  const rows = daily.map((d) => ({ start: new Date(`${d.day}T00:00:00Z`), end: new Date(Date.parse(`${d.day}T00:00:00Z`) + DAY), n: d.predictions }));
  const width = opts.width ?? 640;
  return {
    ...BASE,
    title: opts.title,
    width,
    height: opts.height ?? 150,
    marginLeft: 52,
    x: { type: "utc", label: null, tickFormat: "%b %-d", ticks: Math.max(2, Math.min(8, Math.floor(width / 90))) },
    y: { label: opts.estimated ? "≈ requests" : "predictions", grid: true, tickFormat: "~s" },
    marks: [
      Plot.rectY(rows, { x1: "start", x2: "end", y: "n", fill: "#0284c7", insetLeft: 0.5, insetRight: 0.5, title: (d: { start: Date; n: number }) => `${d.start.toISOString().slice(0, 10)}: ${opts.estimated ? "≈ " : ""}${Math.round(d.n).toLocaleString("en-US")} ${noun}` }),
      Plot.ruleY([0]),
    ],
  };
}
