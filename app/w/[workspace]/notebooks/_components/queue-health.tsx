"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/app/_trpc/client";
import { messageOf } from "@/app/_trpc/errors";
import { Badge } from "@/app/_components/ui/badge";
import { Section } from "@/app/_components/ui/section";
import { DataTable, type Column } from "@/app/_components/ui/table";
import type { QueueHealth } from "./types";

const NAMES: Record<string, string> = { notebookCell: "Cells", notebookAssemble: "Assemble", notebookSchedule: "Schedules" };

const COLUMNS: Column<QueueHealth["queues"][number]>[] = [
  { key: "queue", header: "Queue", render: (x) => <span className="text-zinc-800">{NAMES[x.name] ?? x.name}</span> },
  { key: "waiting", header: "Waiting", align: "right", render: (x) => x.waiting + x.waitingChildren },
  { key: "active", header: "Active", align: "right", render: (x) => <span className={x.active ? "text-sky-700" : ""}>{x.active}</span> },
  { key: "delayed", header: "Delayed", align: "right", render: (x) => x.delayed },
  { key: "failed", header: "Failed", align: "right", render: (x) => <span className={x.failed ? "font-medium text-red-700" : ""}>{x.failed}</span> },
];

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
        <DataTable density="compact" testId="queue-health" rows={h.queues} rowKey={(x) => x.name} columns={COLUMNS} />
      )}
      {h && (
        <p className="mt-2 text-xs text-zinc-500">
          {h.pendingRuns} run{h.pendingRuns === 1 ? "" : "s"} pending · {h.runningCells} cell{h.runningCells === 1 ? "" : "s"} computing
        </p>
      )}
    </Section>
  );
}
