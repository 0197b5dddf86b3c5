import Link from "next/link";
import { RelativeTime } from "@/app/_components/ui/relative-time";
import { formatUsd } from "@/server/format/money";

const ACTIONS: Record<string, string> = {
  "model.created": "created the model",
  "model.updated": "edited the model",
  "version.created": "added a version",
  "version.stage_changed": "changed a version's stage",
  "contract.replaced": "replaced the feature contract",
  "model.export": "exported a training set",
  "model.export_policy": "changed the export policy",
};

interface ExportChanges {
  window?: { from: string; to: string };
  versions?: string[];
  cohort?: Record<string, string[]>;
  labelledOnly?: boolean;
  format?: string;
  rows?: number;
  completed?: boolean;
}

/** An export's audit line: how many rows, of which window and versions, and whether it finished. */
function ExportSummary({ c }: { c: ExportChanges }) {
  const cohort = Object.entries(c.cohort ?? {})
    .map(([k, vs]) => `${k}=${vs.join("|")}`)
    .join(", ");
  return (
    <p className="text-xs text-zinc-600">
      {(c.rows ?? 0).toLocaleString("en-US")} rows as {c.format} · {c.window?.from.slice(0, 10)} → {c.window?.to.slice(0, 10)} · {c.versions?.join(", ")}
      {cohort && ` · ${cohort}`}
      {c.labelledOnly ? " · labelled only" : ""}
      {c.completed === false && <span className="text-amber-700"> · stopped before the end</span>}
    </p>
  );
}

function show(value: unknown, field = ""): string {
  if (value === null || value === undefined || value === "") return "∅";
  if (typeof value === "number" && field.endsWith("Usd")) return formatUsd(value);
  if (typeof value === "string") return value.length > 80 ? `${value.slice(0, 77)}…` : value;
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/** One line per changed field: `field: before → after` for [before, after] pairs, else the value. */
function Changes({ action, changes, workspaceSlug }: { action: string; changes: unknown; workspaceSlug?: string }) {
  if (!changes || typeof changes !== "object") return null;
  if (action === "model.export") return <ExportSummary c={changes as ExportChanges} />;
  const { evidence, ...rest } = changes as Record<string, unknown>;
  const entries = Object.entries(rest);
  const proof = isEvidence(evidence) ? <Evidence e={evidence} workspaceSlug={workspaceSlug} /> : null;
  if (entries.length === 0) return proof;
  if (action === "contract.replaced" && Array.isArray((changes as { features?: unknown }).features)) {
    const names = (changes as { features: string[] }).features;
    return <p className="text-xs text-zinc-600">{names.length} features: {show(names.join(", "))}</p>;
  }
  return (
    <>
    <ul className="mt-0.5 space-y-0.5 text-xs text-zinc-600">
      {entries.map(([field, value]) => (
        <li key={field} className="break-words">
          <span className="font-mono text-zinc-800">{field}</span>:{" "}
          {Array.isArray(value) && value.length === 2 ? (
            <>
              <span className="text-zinc-500 line-through decoration-zinc-300">{show(value[0], field)}</span> → <span className="text-zinc-900">{show(value[1], field)}</span>
            </>
          ) : (
            show(value, field)
          )}
        </li>
      ))}
    </ul>
    {proof}
    </>
  );
}

interface StageEvidence {
  runId: string;
  cellId: string;
  /** set when the decision was taken on a report */
  reportId?: string;
  summary: string[];
}
function isEvidence(v: unknown): v is StageEvidence {
  return !!v && typeof v === "object" && typeof (v as StageEvidence).runId === "string" && Array.isArray((v as StageEvidence).summary);
}

/** The evidence a promote decision rested on: a link to the comparison in its run or report, and the verdicts. */
function Evidence({ e, workspaceSlug }: { e: StageEvidence; workspaceSlug?: string }) {
  const where = e.reportId ? `report ${e.reportId.slice(-8)}` : `run ${e.runId.slice(-8)}`;
  const href = !workspaceSlug ? null : e.reportId ? `/w/${workspaceSlug}/reports/${e.reportId}` : `/w/${workspaceSlug}/runs/${e.runId}#run-cell-${e.cellId}`;
  return (
    <div className="mt-1 rounded-md bg-zinc-50 px-2 py-1.5 text-xs text-zinc-700 ring-1 ring-zinc-100" data-testid="audit-evidence">
      <p>
        Promoted from the comparison{" "}
        {href ? (
          <Link href={href} className="font-medium text-sky-700 underline hover:text-sky-900">
            {e.cellId} in {where}
          </Link>
        ) : (
          <span className="font-mono">
            {e.cellId} in {e.reportId ? `report ${e.reportId}` : `run ${e.runId}`}
          </span>
        )}
        :
      </p>
      <ul className="mt-0.5 list-disc space-y-0.5 pl-4">
        {e.summary.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </div>
  );
}


/** One change: who, what (field: before → after), when. */
export function AuditItem({ e, workspaceSlug }: { e: { id: string; action: string; actorLabel: string } & { changes?: unknown; createdAt: Date | string }; workspaceSlug?: string }) {
  return (
    <li className="flex flex-wrap items-start justify-between gap-x-4 gap-y-1 py-2 first:pt-0 last:pb-0" data-action={e.action}>
      <div className="min-w-0 flex-1">
        <p className="text-sm">
          <span className="font-medium text-zinc-900">{e.actorLabel}</span> <span className="text-zinc-700">{ACTIONS[e.action] ?? e.action}</span>
        </p>
        <Changes action={e.action} changes={e.changes} workspaceSlug={workspaceSlug} />
      </div>
      <RelativeTime value={e.createdAt} className="shrink-0 text-xs text-zinc-500" />
    </li>
  );
}

