"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/app/_trpc/client";
import { messageOf } from "@/app/_trpc/errors";
import { Badge } from "@/app/_components/ui/badge";
import { Section } from "@/app/_components/ui/section";

const NAMES: Record<string, string> = { notebookCell: "Cells", notebookAssemble: "Assemble", notebookSchedule: "Schedules" };

/** Waiting / active / failed / delayed jobs per notebook queue and workers online (polls every 5 s). */
export function QueueHealthPanel({ workspaceSlug }: { workspaceSlug: string }) {
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.notebook.queueHealth.queryOptions({ workspaceSlug }), refetchInterval: 5000, staleTime: 0 });
  const h = q.data;
  const workers = h?.workersOnline ?? null;
  return (
    <Section
      id="queue-health"
      title="Queue health"
      actions={
        h ? (
          !h.ok ? (
            <Badge tone="fail">queue unreachable</Badge>
          ) : workers ? (
            <Badge tone="pass">
              {workers} worker{workers > 1 ? "s" : ""} online
            </Badge>
          ) : (
            <Badge tone="fail">no worker online</Badge>
          )
        ) : null
      }
    >
      {q.isLoading && <p className="text-xs text-zinc-500">Checking…</p>}
      {q.error && <p className="text-xs text-red-700">{messageOf(q.error)}</p>}
      {h && !h.ok && <p className="mb-2 text-xs text-red-800">{h.error}</p>}
      {h && h.ok && h.workersOnline === 0 && <p className="mb-2 text-xs text-amber-800">Runs wait until a worker starts (`npm run worker`).</p>}
      {h && h.ok && (
        <table className="w-full text-xs" data-testid="queue-health">
          <thead>
            <tr className="text-left text-zinc-500">
              <th className="py-1 font-medium">Queue</th>
              <th className="py-1 text-right font-medium">Waiting</th>
              <th className="py-1 text-right font-medium">Active</th>
              <th className="py-1 text-right font-medium">Delayed</th>
              <th className="py-1 text-right font-medium">Failed</th>
            </tr>
          </thead>
          <tbody className="tabular-nums">
            {h.queues.map((x) => (
              <tr key={x.name} className="border-t border-zinc-100">
                <td className="py-1 text-zinc-800">{NAMES[x.name] ?? x.name}</td>
                <td className="py-1 text-right">{x.waiting + x.waitingChildren}</td>
                <td className={`py-1 text-right ${x.active ? "text-sky-700" : ""}`}>{x.active}</td>
                <td className="py-1 text-right">{x.delayed}</td>
                <td className={`py-1 text-right ${x.failed ? "font-medium text-red-700" : ""}`}>{x.failed}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {h && (
        <p className="mt-2 text-xs text-zinc-500">
          {h.pendingRuns} run{h.pendingRuns === 1 ? "" : "s"} pending · {h.runningCells} cell{h.runningCells === 1 ? "" : "s"} computing
        </p>
      )}
    </Section>
  );
}
