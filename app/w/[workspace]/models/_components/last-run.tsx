import Link from "next/link";
import { StatusBadge } from "@/app/_components/ui/status-badge";

/**
 * The inventory's view of a model's latest finished run: its result when it succeeded, else its
 * lifecycle ("Run: failed"), labelled so a failed run is never read as a failing model.
 */
export function LastRunBadge({ workspaceSlug, slug, run }: { workspaceSlug: string; slug: string; run?: { id: string; status: string; resultStatus: string | null; notebookTitle: string } }) {
  if (!run) return <span className="text-xs text-zinc-600" data-testid={`last-run-${slug}`}>no run yet</span>;
  const ok = run.status === "succeeded";
  return (
    <Link href={`/w/${workspaceSlug}/runs/${run.id}`} className="inline-flex hover:opacity-80" data-testid={`last-run-${slug}`} title={`Latest run of “${run.notebookTitle}”`}>
      {ok ? <StatusBadge kind="result" status={run.resultStatus} labelled /> : <StatusBadge kind="run" status={run.status} labelled />}
    </Link>
  );
}
