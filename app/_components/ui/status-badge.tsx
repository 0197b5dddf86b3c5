import { statusWord, type StatusKind } from "@/server/format/status";
import { Badge } from "./badge";

/**
 * A status badge from the one vocabulary (server/format/status.ts): the word, its colour and a
 * tooltip saying what kind of status it is. `labelled` shows the kind too ("Run: succeeded"),
 * for places where a run's lifecycle sits next to a result.
 */
export function StatusBadge({ kind, status, labelled, className }: { kind: StatusKind; status: string | null | undefined; labelled?: boolean; className?: string }) {
  const w = statusWord(kind, status);
  return (
    <Badge tone={w.tone} className={className} title={`${w.kindLabel} status${w.meaning ? `: ${w.meaning}` : ""}`}>
      {kind === "run" && status === "running" && <span aria-hidden="true" className="mr-1 inline-block size-1.5 animate-pulse rounded-full bg-sky-600" />}
      {labelled && <span className="mr-1 font-normal">{w.kindLabel}:</span>}
      {w.text}
    </Badge>
  );
}

/** Result statuses: pass / warn / fail / no result — one colour each, everywhere. */
export function ResultBadge({ status, className, labelled }: { status: string | null | undefined; className?: string; labelled?: boolean }) {
  return <StatusBadge kind="result" status={status} className={className} labelled={labelled} />;
}

/** Run / cell lifecycle: whether it finished, not whether the model is healthy. */
export function RunStatusBadge({ status, className, labelled }: { status: string; className?: string; labelled?: boolean }) {
  return <StatusBadge kind="run" status={status} className={className} labelled={labelled} />;
}

/** Background tint for a table cell holding a status-coloured value. */
export const STATUS_CELL: Record<string, string> = {
  pass: "bg-emerald-50 text-emerald-900",
  warn: "bg-amber-50 text-amber-900",
  fail: "bg-red-50 text-red-900",
  "n/a": "text-zinc-600",
};
