/**
 * The charts of a frozen report cell as SVG strings (server/charts/svg.ts), for the share page,
 * the standalone HTML export and the PDF. The specs are the same pure functions the notebook
 * UI draws in the browser (server/charts/specs).
 */
import type { JSDOM } from "jsdom";
import { loadJsdom } from "../charts/jsdom";
import { chartsForResult, SERVING_TITLES, servingSpec, type ServingMetric, type ServingRow } from "../charts/specs";
import { renderSvg } from "../charts/svg";
import type { SnapshotCell } from "./types";

/** One jsdom document per process, reused for every chart (charts are not attached to it, so it stays empty). */
let dom: JSDOM | undefined;
function doc(): Document {
  dom ??= new (loadJsdom().JSDOM)("<!doctype html><html><body></body></html>");
  return dom.window.document;
}

export interface RenderedChart {
  key: string;
  title: string;
  svg: string;
}

/** The charts of one frozen cell, rendered; a chart that fails to render is left out, never fatal. */
export function cellCharts(cell: SnapshotCell, max = 3, width = 640): RenderedChart[] {
  const result = cell.paired ?? cell.evaluation ?? cell.comparison ?? (cell.chart ? { ...cell.chart } : null);
  if (!result) return [];
  let specs: ReturnType<typeof chartsForResult> = [];
  try {
    specs = chartsForResult(result, { config: cell.config, width, maxDistributions: 2 });
  } catch {
    return [];
  }
  const out: RenderedChart[] = [];
  for (const s of specs.slice(0, max)) {
    try {
      out.push({ key: s.key, title: s.title, svg: renderSvg(s.options, { document: doc() }) });
    } catch {
      /* skip a chart the data cannot draw */
    }
  }
  return out;
}

/** The serving charts of a report's Traffic section (request rate, error rate, latency), rendered with the model page's spec. */
export function servingCharts(rows: ServingRow[], estimated: boolean, width = 640): RenderedChart[] {
  const out: RenderedChart[] = [];
  for (const metric of ["requests", "errorRate", "latency"] as ServingMetric[]) {
    try {
      out.push({ key: `serving-${metric}`, title: SERVING_TITLES[metric], svg: renderSvg(servingSpec(rows, metric, { estimated, width }), { document: doc() }) });
    } catch {
      /* skip a chart the data cannot draw */
    }
  }
  return out;
}
