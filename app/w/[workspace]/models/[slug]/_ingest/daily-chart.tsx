"use client";

import { useMemo } from "react";
import { PlotChart } from "@/app/_components/plot-chart";
import { dailyCountSpec } from "@/server/charts/specs";

/** The model page's traffic per day, with a date axis and a count axis. */
export function DailyPredictionsChart({ daily }: { daily: { day: string; predictions: number }[] }) {
  const options = useMemo(() => dailyCountSpec(daily), [daily]);
  const total = daily.reduce((n, d) => n + d.predictions, 0);
  return <PlotChart options={options} label={`Predictions per day from ${daily[0]?.day} to ${daily.at(-1)?.day}: ${total.toLocaleString("en-US")} in all`} testId="daily-predictions-chart" />;
}
