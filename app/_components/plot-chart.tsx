"use client";

import * as Plot from "@observablehq/plot";
import { useEffect, useRef } from "react";
import { labelPlotGroups } from "@/server/charts/specs/aria";
import { cx } from "./ui/cx";

/**
 * Draws Plot options (from a spec in server/charts/specs) in the browser. Pass memoized options:
 * a new object each render rebuilds the chart. Width follows the container (up to the spec's
 * width) so charts fit a 390 px phone.
 */
export function PlotChart({ options, className, label, testId }: { options: Plot.PlotOptions; className?: string; label?: string; testId?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const host = ref.current;
    if (!host) return;
    const draw = () => {
      const available = Math.floor(host.clientWidth);
      const width = available > 0 ? Math.min(options.width ?? 640, available) : options.width;
      return labelPlotGroups(Plot.plot({ ...options, width }));
    };
    let el = draw();
    host.replaceChildren(el);
    let lastWidth = host.clientWidth;
    const observer = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(() => {
      if (Math.abs(host.clientWidth - lastWidth) < 8) return;
      lastWidth = host.clientWidth;
      el.remove();
      el = draw();
      host.replaceChildren(el);
    });
    observer?.observe(host);
    return () => {
      observer?.disconnect();
      el.remove();
    };
  }, [options]);
  return <div ref={ref} role="img" aria-label={label} data-testid={testId} className={cx("plot-chart min-w-0 overflow-x-auto", className)} />;
}
