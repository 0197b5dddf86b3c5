import { Badge } from "@/app/_components/ui/badge";
import { Section } from "@/app/_components/ui/section";
import { RelativeTime } from "@/app/_components/ui/relative-time";
import { formatUnitCost } from "@/server/format/money";
import type { ModelDetail } from "../_data";

function Item({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium text-zinc-500">{label}</dt>
      <dd className="mt-0.5 text-sm break-words text-zinc-900">{children}</dd>
    </div>
  );
}

const none = <span className="text-zinc-500">—</span>;

export function OverviewSection({ model, className }: { model: ModelDetail; className?: string }) {
  return (
    <Section id="overview" title="Overview" className={className}>
      {model.description ? (
        <p className="mb-4 text-sm leading-relaxed whitespace-pre-line text-zinc-700">{model.description}</p>
      ) : (
        <p className="mb-4 text-sm text-zinc-600">No description.</p>
      )}
      <dl className="grid gap-x-6 gap-y-3 sm:grid-cols-2">
        <Item label="Task">{model.task}</Item>
        <Item label="Endpoint / service">{model.endpoint ? <span className="font-mono text-xs">{model.endpoint}</span> : none}</Item>
        <Item label="Business metric">{model.businessMetric || none}</Item>
        <Item label="Economics">
          {model.valuePerCorrectUsd === null && model.costPerErrorUsd === null ? (
            none
          ) : (
            <span data-testid="economics">
              {model.valuePerCorrectUsd === null ? "no value set" : `${formatUnitCost(model.valuePerCorrectUsd, "correct prediction")} gained`} ·{" "}
              {model.costPerErrorUsd === null ? "no error cost set" : `${formatUnitCost(model.costPerErrorUsd, "error")} lost`}
            </span>
          )}
        </Item>
        <Item label="Predictions from unlisted versions">
          {model.requireKnownVersion
            ? "Refused: ingest rejects a prediction whose version is not listed under Versions"
            : "Kept: a prediction from a version not listed under Versions is stored and evaluated like any other"}
        </Item>
        <Item label="Raw predictions kept">
          <span data-testid="retention">
            {model.retentionDays
              ? `${model.retentionDays} ${model.retentionDays === 1 ? "day" : "days"}: older predictions and their labels are deleted hourly; traffic and label history stay`
              : "Forever (no retention period set)"}
          </span>
        </Item>
        <Item label="Tags">
          {model.tags.length ? (
            <span className="flex flex-wrap gap-1">
              {model.tags.map((t) => (
                <Badge key={t}>{t}</Badge>
              ))}
            </span>
          ) : (
            none
          )}
        </Item>
        <Item label="Last updated">
          <RelativeTime value={model.updatedAt} />
        </Item>
      </dl>
    </Section>
  );
}

export function OwnershipSection({ model }: { model: ModelDetail }) {
  return (
    <Section id="ownership" title="Owner & on-call">
      <dl className="space-y-3">
        <Item label="Owner team">{model.ownerTeam}</Item>
        <Item label="On-call">
          {/^[^@\s]+@[^@\s]+$/.test(model.onCall) ? (
            <a href={`mailto:${model.onCall}`} className="text-sky-700 hover:underline">
              {model.onCall}
            </a>
          ) : (
            model.onCall
          )}
        </Item>
        <Item label="Registered">
          <RelativeTime value={model.createdAt} />
        </Item>
      </dl>
    </Section>
  );
}
