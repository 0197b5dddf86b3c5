import Link from "next/link";
import { withCaller, type Caller } from "@/app/_lib/server";
import { getModel } from "../_data";
import { Badge } from "@/app/_components/ui/badge";
import { Section } from "@/app/_components/ui/section";
import { DataTable, TimeCell, type Column } from "@/app/_components/ui/table";
import { BaselinesPanel } from "./baselines-client";
import { DailyPredictionsChart } from "./daily-chart";
import { ServingCharts } from "./serving-charts";
import { countText, estimateText, isEstimated, sampleNote } from "@/server/format/estimate";
import { formatUsd } from "@/server/format/money";
import type { ServingRow } from "@/server/charts/specs";

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

type VersionTraffic = Awaited<ReturnType<Caller["ingest"]["traffic"]>>["versions"][number];
type Baseline = Awaited<ReturnType<Caller["ingest"]["baselines"]>>[number];

const basisOf = (v: VersionTraffic) => ({ rows: v.predictions, requests: v.requests, sampledRows: v.sampledRows });

/** Contract violations of one version by kind, worst first; the hover names the features. */
function QualitySignals({ version: v }: { version: VersionTraffic }) {
  const signals = Object.entries(v.quality).sort((a, b) => b[1] - a[1]);
  if (signals.length === 0) return <span className="text-xs text-zinc-500">none</span>;
  return (
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
  );
}

/** Per version: requests (estimated when sampled), errors, latency, cost, labels, contract violations, last prediction. */
const COLUMNS: Column<VersionTraffic>[] = [
  { key: "version", header: "Version", render: (v) => <span className="font-mono text-xs text-zinc-900">{v.version}</span> },
  {
    key: "requests",
    header: "Requests",
    align: "right",
    cellAttributes: (v) => ({ "data-testid": "predictions", title: `${v.predictions.toLocaleString("en-US")} rows stored${sampleNote(basisOf(v)) ? ` (${sampleNote(basisOf(v))})` : ""}` }),
    render: (v) => countText(v.requests, basisOf(v)),
  },
  { key: "errors", header: "Errors", align: "right", cellAttributes: (v) => ({ "data-testid": "errors", title: `${countText(v.errors, basisOf(v))} failed requests` }), render: (v) => pct(v.errorRate) },
  {
    key: "latency",
    header: "Latency p50 / p95",
    align: "right",
    className: "hidden sm:table-cell",
    render: (v) => (v.latencyP50Ms === null ? "—" : `${ms(v.latencyP50Ms)} / ${ms(v.latencyP95Ms)}`),
  },
  { key: "cost", header: "Cost", align: "right", className: "hidden xl:table-cell", render: (v) => (v.costUsd > 0 ? `${isEstimated(basisOf(v)) ? "≈ " : ""}${formatUsd(v.costUsd)}` : "—") },
  { key: "coverage", header: "Label coverage", align: "right", cellAttributes: (v) => ({ "data-testid": "coverage", title: `${v.labeled.toLocaleString("en-US")} labeled` }), render: (v) => pct(v.labelCoverage) },
  { key: "labelP50", header: "Label latency p50", align: "right", render: (v) => duration(v.labelLatencyP50Ms) },
  { key: "labelP95", header: "p95", align: "right", render: (v) => duration(v.labelLatencyP95Ms) },
  { key: "quality", header: "Data-quality signals", className: "hidden md:table-cell", render: (v) => <QualitySignals version={v} /> },
  { key: "last", header: "Last prediction", className: "hidden lg:table-cell", render: (v) => <TimeCell value={v.lastAt ? new Date(v.lastAt) : null} /> },
];

// What the client components draw, and no more: the page's RSC payload carries every field it is given.
const servingRow = ({ day, version, requestsPerMinute, errorRate, latencyP50Ms, latencyP95Ms }: ServingRow): ServingRow => ({ day, version, requestsPerMinute, errorRate, latencyP50Ms, latencyP95Ms });
/** A baseline without its columns' observed categories (up to a thousand values each), which the list never shows. */
const listedBaseline = (b: Baseline): Baseline => ({ ...b, columns: b.columns.map(({ categories: _notShown, ...c }) => c) });

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
            <DataTable flush="top" testId="traffic-table" rows={traffic.versions} rowKey={(v) => v.version} rowAttributes={(v) => ({ "data-testid": `traffic-${v.version}` })} columns={COLUMNS} />
            {traffic.daily.length > 1 && (
              <div>
                <p className="mb-1 text-xs text-zinc-600">
                  {estimated ? "Requests per day, estimated" : "Predictions per day"} (all versions, UTC)
                </p>
                <DailyPredictionsChart daily={traffic.daily.map((d) => ({ day: d.day, predictions: d.requests }))} estimated={estimated} />
              </div>
            )}
            {traffic.serving.length > 0 && <ServingCharts rows={traffic.serving.map(servingRow)} estimated={estimated} note={sampleNote(sample)} />}
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
          baselines={baselines.map(listedBaseline)}
        />
      </Section>
    </>
  );
}
