import { StatusBadge } from "@/app/_components/ui/status-badge";

/** A report's overall status from its leadership summary: the summary's own words (healthy, needs attention, failing, no data). */
export function ReportStatusBadge({ status, labelled }: { status: string; labelled?: boolean }) {
  return <StatusBadge kind="summary" status={status} labelled={labelled} />;
}
