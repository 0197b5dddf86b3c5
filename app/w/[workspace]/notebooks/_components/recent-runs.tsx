"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/app/_trpc/client";
import { ProgressBar } from "@/app/_components/ui/progress";
import { RelativeTime } from "@/app/_components/ui/relative-time";
import { Section } from "@/app/_components/ui/section";
import { ResultBadge, RunStatusBadge } from "@/app/_components/ui/status-badge";
import { describeParameters, fmtDuration } from "./format";

/** The notebook's latest runs; polls faster while one is in flight. */
export function RecentRuns({ workspaceSlug, notebookId, limit = 8 }: { workspaceSlug: string; notebookId: string; limit?: number }) {
  const trpc = useTRPC();
  const q = useQuery({
    ...trpc.notebook.runs.queryOptions({ workspaceSlug, notebookId, limit }),
    refetchInterval: (query) => (query.state.data?.items.some((r) => r.status === "queued" || r.status === "running") ? 2000 : 15_000),
    staleTime: 0,
  });
  const items = q.data?.items ?? [];
  return (
    <Section id="runs" title="Runs">
      {q.isLoading && <p className="text-xs text-zinc-500">Loading…</p>}
      {!q.isLoading && items.length === 0 && <p className="text-sm text-zinc-500">No runs yet. Run the notebook to compute every cell.</p>}
      <ul className="divide-y divide-zinc-100" data-testid="recent-runs">
        {items.map((r) => (
          <li key={r.id} className="py-2">
            <Link href={`/w/${workspaceSlug}/runs/${r.id}`} className="block rounded hover:bg-zinc-50">
              <div className="flex items-center gap-2">
                <RunStatusBadge status={r.status} labelled />
                {r.resultStatus && <ResultBadge status={r.resultStatus} labelled />}
                <span className="ml-auto text-xs text-zinc-500">
                  <RelativeTime value={r.createdAt} />
                </span>
              </div>
              <div className="mt-1 flex items-center gap-2 text-xs text-zinc-500">
                <span>{r.trigger}</span>
                {r.partial && (
                  <>
                    <span>·</span>
                    <span title={r.cellIds?.join(", ")}>partial</span>
                  </>
                )}
                {r.parameters && (
                  <>
                    <span>·</span>
                    <span title={describeParameters(r.parameters)}>parameters</span>
                  </>
                )}
                <span>·</span>
                <span>
                  {r.progress.done}/{r.progress.total} cells
                </span>
                {r.finishedAt && r.startedAt && (
                  <>
                    <span>·</span>
                    <span>{fmtDuration(new Date(r.finishedAt).getTime() - new Date(r.startedAt).getTime())}</span>
                  </>
                )}
              </div>
              {(r.status === "queued" || r.status === "running") && <ProgressBar className="mt-1.5" value={r.progress.percent} label="Run progress" />}
            </Link>
          </li>
        ))}
      </ul>
    </Section>
  );
}
