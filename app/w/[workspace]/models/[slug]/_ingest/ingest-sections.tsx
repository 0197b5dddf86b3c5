import Link from "next/link";
import { withCaller } from "@/app/_lib/server";
import { getModel } from "../_data";
import { Badge } from "@/app/_components/ui/badge";
import { RelativeTime } from "@/app/_components/ui/relative-time";
import { Section } from "@/app/_components/ui/section";
import { BaselinesPanel } from "./baselines-client";
import { DailyPredictionsChart } from "./daily-chart";
import { ServingCharts } from "./serving-charts";
import { countText, estimateText, isEstimated, sampleNote } from "@/server/format/estimate";
import { formatUsd } from "@/server/format/money";

function pct(x: number | null) {
  return x === null ? "—" : `${(x * 100).toFixed(x < 0.1 ? 1 : 0)}%`;
}

function ms(x: number | null) {
  return x === null ? "—" : `${x < 10 ? x.toFixed(1) : Math.round(x).toLocaleString("en-US")} ms`;
}

function duration(ms: number | null) {
  if (ms === null) return "—";
  const a = Math.abs(ms);
  const s = a < 60_000 ? `${(a / 1000).toFixed(1)} s` : a < 3_600_000 ? `${(a / 60_000).toFixed(0)} min` : a < 172_800_000 ? `${(a / 3_600_000).toFixed(1)} h` : `${(a / 86_400_000).toFixed(1)} d`;
  return ms < 0 ? `−${s}` : s;
}

const KIND_LABEL: Record<string, string> = {
  out_of_range: "out of range",
  new_category: "new category",
  missing_feature: "missing",
  unknown_feature: "unknown feature",
  wrong_type: "wrong type",
  null_not_allowed: "null",
};

/** "Traffic & labels" and "Baselines" on the model page (issue 3). */
export async function IngestSections({ workspaceSlug, slug, editor }: { workspaceSlug: string; slug: string; editor: boolean }) {
  const [traffic, baselines, model] = await Promise.all([
    withCaller((c) => c.ingest.traffic({ workspaceSlug, slug })),
    withCaller((c) => c.ingest.baselines({ workspaceSlug, slug })),
    getModel(workspaceSlug, slug),
  ]);
  const total = traffic.versions.reduce((a, v) => a + v.predictions, 0);
  const sample = traffic.sample;
  const estimated = isEstimated(sample);
  const days = traffic.daily.length;
  const basisOf = (v: (typeof traffic.versions)[number]) => ({ rows: v.predictions, requests: v.requests, sampledRows: v.sampledRows });
  return (
    <>
      <Section
        id="traffic"
        title="Traffic & labels"
        description={
          <>
            Predictions and labels logged through the <Link className="underline" href={`/w/${workspaceSlug}/api`}>API</Link>. Label coverage is the share of
            predictions with a label; label latency is label time − prediction time.
          </>
        }
      >
        {total === 0 && traffic.labels === 0 ? (
          <p className="text-sm text-zinc-500" data-testid="traffic-empty">
            No predictions yet. Create an API key under Settings → API keys and log predictions with the Python or TypeScript client.
          </p>
        ) : (
          <div className="space-y-4">
            {estimated && (
              <p className="rounded border border-amber-200 bg-amber-50 px-3 py-2 text-xs text-amber-900" data-testid="traffic-estimated">
                Estimated from sampled logging: {estimateText(days ? sample.requests / days : 0, "requests/day", sample)}. Requests, error counts, cost and
                tokens are scaled by 1 / sample rate; label coverage and latency are weighted the same way; data-quality signals count stored rows.
              </p>
            )}
            <div tabIndex={0} className="-mx-4 -mt-4 overflow-x-auto">
              <table className="w-full text-sm" data-testid="traffic-table">
                <thead>
                  <tr className="border-b border-zinc-100 text-left text-xs text-zinc-500">
                    <th className="px-4 py-2 font-medium">Version</th>
                    <th className="px-4 py-2 text-right font-medium">Requests</th>
                    <th className="px-4 py-2 text-right font-medium">Errors</th>
                    <th className="hidden px-4 py-2 text-right font-medium sm:table-cell">Latency p50 / p95</th>
                    <th className="hidden px-4 py-2 text-right font-medium xl:table-cell">Cost</th>
                    <th className="px-4 py-2 text-right font-medium">Label coverage</th>
                    <th className="px-4 py-2 text-right font-medium">Label latency p50</th>
                    <th className="px-4 py-2 text-right font-medium">p95</th>
                    <th className="hidden px-4 py-2 font-medium md:table-cell">Data-quality signals</th>
                    <th className="hidden px-4 py-2 font-medium lg:table-cell">Last prediction</th>
                  </tr>
                </thead>
                <tbody>
                  {traffic.versions.map((v) => {
                    const signals = Object.entries(v.quality).sort((a, b) => b[1] - a[1]);
                    return (
                      <tr key={v.version} className="border-b border-zinc-50 align-top last:border-0" data-testid={`traffic-${v.version}`}>
                        <td className="px-4 py-2 font-mono text-xs text-zinc-900">{v.version}</td>
                        <td
                          className="px-4 py-2 text-right tabular-nums"
                          data-testid="predictions"
                          title={`${v.predictions.toLocaleString("en-US")} rows stored${sampleNote(basisOf(v)) ? ` (${sampleNote(basisOf(v))})` : ""}`}
                        >
                          {countText(v.requests, basisOf(v))}
                        </td>
                        <td className="px-4 py-2 text-right tabular-nums" data-testid="errors" title={`${countText(v.errors, basisOf(v))} failed requests`}>
                          {pct(v.errorRate)}
                        </td>
                        <td className="hidden px-4 py-2 text-right tabular-nums sm:table-cell">
                          {v.latencyP50Ms === null ? "—" : `${ms(v.latencyP50Ms)} / ${ms(v.latencyP95Ms)}`}
                        </td>
                        <td className="hidden px-4 py-2 text-right tabular-nums xl:table-cell">
                          {v.costUsd > 0 ? `${isEstimated(basisOf(v)) ? "≈ " : ""}${formatUsd(v.costUsd)}` : "—"}
                        </td>
                        <td className="px-4 py-2 text-right tabular-nums" data-testid="coverage" title={`${v.labeled.toLocaleString("en-US")} labeled`}>
                          {pct(v.labelCoverage)}
                        </td>
                        <td className="px-4 py-2 text-right tabular-nums">{duration(v.labelLatencyP50Ms)}</td>
                        <td className="px-4 py-2 text-right tabular-nums">{duration(v.labelLatencyP95Ms)}</td>
                        <td className="hidden px-4 py-2 md:table-cell">
                          {signals.length === 0 ? (
                            <span className="text-xs text-zinc-500">none</span>
                          ) : (
                            <div className="flex flex-wrap gap-1">
                              {signals.map(([kind, n]) => (
                                <Badge
                                  key={kind}
                                  tone="warn"
                                  title={v.qualityByFeature
                                    .filter((q) => q.kind === kind)
                                    .map((q) => `${q.feature}: ${q.count.toLocaleString("en-US")}`)
                                    .join("\n")}
                                >
                                  {KIND_LABEL[kind] ?? kind} {n.toLocaleString("en-US")}
                                </Badge>
                              ))}
                            </div>
                          )}
                        </td>
                        <td className="hidden px-4 py-2 text-xs text-zinc-600 lg:table-cell">{v.lastAt ? <RelativeTime value={new Date(v.lastAt).toISOString()} /> : "—"}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            {traffic.daily.length > 1 && (
              <div>
                <p className="mb-1 text-xs text-zinc-600">
                  {estimated ? "Requests per day, estimated" : "Predictions per day"} (all versions, UTC)
                </p>
                <DailyPredictionsChart daily={traffic.daily.map((d) => ({ day: d.day, predictions: d.requests }))} estimated={estimated} />
              </div>
            )}
            {traffic.serving.length > 0 && <ServingCharts rows={traffic.serving} estimated={estimated} note={sampleNote(sample)} />}
            <p className="text-xs text-zinc-500">
              {traffic.labels.toLocaleString("en-US")} labels received
              {traffic.labelsWaiting > 0 && `, ${traffic.labelsWaiting.toLocaleString("en-US")} waiting for their prediction`}.
            </p>
          </div>
        )}
      </Section>
      <Section id="baselines" title="Baselines" description="Reference datasets (training snapshots) that drift and skew evaluations compare against.">
        <BaselinesPanel
          workspaceSlug={workspaceSlug}
          slug={slug}
          editor={editor}
          versions={model.versions.map((v) => v.label)}
          hasContract={model.features.length > 0}
          baselines={baselines}
        />
      </Section>
    </>
  );
}
