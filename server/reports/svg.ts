/**
 * The charts of a frozen report cell as SVG strings (server/charts/svg.ts), for the share page,
 * the standalone HTML export and the PDF. The specs are the same pure functions the notebook
 * UI draws in the browser (server/charts/specs).
 */
import type { JSDOM } from "jsdom";
import { loadJsdom } from "../charts/jsdom";
import { chartsForResult } from "../charts/specs";
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
