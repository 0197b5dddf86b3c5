/**
 * Server-side rendering of chart specs to SVG (reports, HTML/PDF export): Observable Plot with a
 * jsdom document, as Plot's own tests do. One JSDOM per call is cheap enough for reports; pass a
 * shared `document` to render many charts at once.
 *
 *   import { renderSvg } from "@/server/charts/svg";
 *   const svg = renderSvg(driftStatisticSpec(cohort, { metric: "psi" }));
 *
 * Without a legend Plot returns an <svg>; with one it returns a <figure> holding the legend and
 * the chart (figure > svg[viewBox]). Both are returned as a standalone HTML/SVG fragment.
 */
import * as Plot from "@observablehq/plot";
import { loadJsdom } from "./jsdom";
import { labelPlotGroups } from "./specs/aria";

const SVG_NS = "http://www.w3.org/2000/svg";

export interface RenderOptions {
  /** reuse a document (many charts per report) */
  document?: Document;
}

/** Renders Plot options to markup: `<svg …>` or `<figure …><svg …></svg></figure>`. */
export function renderSvg(options: Plot.PlotOptions, render: RenderOptions = {}): string {
  const document = render.document ?? new (loadJsdom().JSDOM)("<!doctype html><html><body></body></html>").window.document;
  const el = labelPlotGroups(Plot.plot({ ...options, document }));
  for (const svg of el.tagName.toLowerCase() === "svg" ? [el] : Array.from(el.querySelectorAll("svg"))) {
    if (!svg.getAttribute("xmlns")) svg.setAttribute("xmlns", SVG_NS);
  }
  return el.outerHTML;
}

/** Renders only the chart's <svg> (drops a legend figure's swatches), e.g. to embed as an image. */
export function renderSvgOnly(options: Plot.PlotOptions, render: RenderOptions = {}): string {
  const document = render.document ?? new (loadJsdom().JSDOM)("<!doctype html><html><body></body></html>").window.document;
  const el = labelPlotGroups(Plot.plot({ ...options, document }));
  const svg = el.tagName.toLowerCase() === "svg" ? el : (el.querySelector("svg[viewBox]") ?? el.querySelector("svg"));
  if (!svg) throw new Error("Plot returned no <svg>");
  if (!svg.getAttribute("xmlns")) svg.setAttribute("xmlns", SVG_NS);
  return svg.outerHTML;
}
