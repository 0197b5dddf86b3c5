import { Badge, type Tone } from "@/app/_components/ui/badge";

const TONE: Record<string, Tone> = { pass: "pass", warn: "warn", fail: "fail", "n/a": "muted" };
const TEXT: Record<string, string> = { pass: "healthy", warn: "at risk", fail: "breached", "n/a": "no data" };

/** A report's overall status from its leadership summary. */
export function ReportStatusBadge({ status }: { status: string }) {
  return (
    <Badge tone={TONE[status] ?? "muted"} title={`summary status: ${status}`}>
      {TEXT[status] ?? status}
    </Badge>
  );
}
