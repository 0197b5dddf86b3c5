import { Badge, type Tone } from "./badge";

/** Result statuses: pass / warn / fail / n/a — one colour each, everywhere. */
const RESULT_TONE: Record<string, Tone> = { pass: "pass", warn: "warn", fail: "fail", "n/a": "muted" };
export function ResultBadge({ status, className }: { status: string | null | undefined; className?: string }) {
  const s = status ?? "n/a";
  return (
    <Badge tone={RESULT_TONE[s] ?? "muted"} className={className}>
      {s}
    </Badge>
  );
}

/** Run / cell lifecycle: queued and running are in progress (info), succeeded is done, failed is broken. */
const RUN_TONE: Record<string, Tone> = { queued: "muted", running: "info", succeeded: "pass", failed: "fail", cancelled: "muted" };
export function RunStatusBadge({ status, className }: { status: string; className?: string }) {
  return (
    <Badge tone={RUN_TONE[status] ?? "plain"} className={className}>
      {status === "running" && <span aria-hidden="true" className="mr-1 inline-block size-1.5 animate-pulse rounded-full bg-sky-600" />}
      {status}
    </Badge>
  );
}

/** Background tint for a table cell holding a status-coloured value. */
export const STATUS_CELL: Record<string, string> = {
  pass: "bg-emerald-50 text-emerald-900",
  warn: "bg-amber-50 text-amber-900",
  fail: "bg-red-50 text-red-900",
  "n/a": "text-zinc-400",
};
