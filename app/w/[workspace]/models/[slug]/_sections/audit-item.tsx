import { RelativeTime } from "@/app/_components/ui/relative-time";

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

function show(value: unknown): string {
  if (value === null || value === undefined || value === "") return "∅";
  if (typeof value === "string") return value.length > 80 ? `${value.slice(0, 77)}…` : value;
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/** One line per changed field: `field: before → after` for [before, after] pairs, else the value. */
function Changes({ action, changes }: { action: string; changes: unknown }) {
  if (!changes || typeof changes !== "object") return null;
  const entries = Object.entries(changes as Record<string, unknown>);
  if (entries.length === 0) return null;
  if (action === "model.export") return <ExportSummary c={changes as ExportChanges} />;
  if (action === "contract.replaced" && Array.isArray((changes as { features?: unknown }).features)) {
    const names = (changes as { features: string[] }).features;
    return <p className="text-xs text-zinc-600">{names.length} features: {show(names.join(", "))}</p>;
  }
  return (
    <ul className="mt-0.5 space-y-0.5 text-xs text-zinc-600">
      {entries.map(([field, value]) => (
        <li key={field} className="break-words">
          <span className="font-mono text-zinc-800">{field}</span>:{" "}
          {Array.isArray(value) && value.length === 2 ? (
            <>
              <span className="text-zinc-500 line-through decoration-zinc-300">{show(value[0])}</span> → <span className="text-zinc-900">{show(value[1])}</span>
            </>
          ) : (
            show(value)
          )}
        </li>
      ))}
    </ul>
  );
}


/** One change: who, what (field: before → after), when. */
export function AuditItem({ e }: { e: { id: string; action: string; actorLabel: string } & { changes?: unknown; createdAt: Date | string } }) {
  return (
    <li className="flex flex-wrap items-start justify-between gap-x-4 gap-y-1 py-2 first:pt-0 last:pb-0" data-action={e.action}>
      <div className="min-w-0 flex-1">
        <p className="text-sm">
          <span className="font-medium text-zinc-900">{e.actorLabel}</span> <span className="text-zinc-700">{ACTIONS[e.action] ?? e.action}</span>
        </p>
        <Changes action={e.action} changes={e.changes} />
      </div>
      <RelativeTime value={e.createdAt} className="shrink-0 text-xs text-zinc-500" />
    </li>
  );
}

