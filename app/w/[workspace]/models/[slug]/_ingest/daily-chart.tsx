"use client";

import { useMemo } from "react";
import { PlotChart } from "@/app/_components/plot-chart";
import { dailyCountSpec } from "@/server/charts/specs";

/** The model page's traffic per day, with a date axis and a count axis. */
export function DailyPredictionsChart({ daily, estimated = false }: { daily: { day: string; predictions: number }[]; estimated?: boolean }) {
  const options = useMemo(() => dailyCountSpec(daily, { estimated }), [daily, estimated]);
  const total = daily.reduce((n, d) => n + d.predictions, 0);
  const what = estimated ? "Estimated requests" : "Predictions";
  return (
    <PlotChart
      options={options}
      label={`${what} per day from ${daily[0]?.day} to ${daily.at(-1)?.day}: ${estimated ? "≈ " : ""}${Math.round(total).toLocaleString("en-US")} in all`}
      testId="daily-predictions-chart"
    />
  );
}
