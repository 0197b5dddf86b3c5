import Link from "next/link";
import { DataTable, TitleCell, TimeCell } from "@/app/_components/ui/table";
import { RelativeTime } from "@/app/_components/ui/relative-time";
import { ResultBadge, RunStatusBadge } from "@/app/_components/ui/status-badge";
import type { NotebookListItem } from "./types";

type Row = NotebookListItem & { modelName?: string };

/** A notebook's last run: its result (or its state while unfinished) and when, linking to the run. */
export function LastRun({ workspaceSlug, run }: { workspaceSlug: string; run: { id: string; status: string; resultStatus: string | null; createdAt: Date | string } | null }) {
  if (!run) return <span className="text-xs text-zinc-400">never run</span>;
  return (
    <Link href={`/w/${workspaceSlug}/runs/${run.id}`} className="inline-flex flex-wrap items-center gap-1.5 text-xs text-zinc-500 hover:underline">
      {run.status === "succeeded" && run.resultStatus ? <ResultBadge status={run.resultStatus} /> : <RunStatusBadge status={run.status} />}
      <RelativeTime value={run.createdAt} />
    </Link>
  );
}

/** Notebooks with their schedule and last run (server-rendered). */
export function NotebookTable({ workspaceSlug, rows, showModel }: { workspaceSlug: string; rows: Row[]; showModel?: boolean }) {
  return (
    <DataTable<Row>
      testId="notebook-table"
      caption="Notebooks"
      rowKey={(r) => r.id}
      rows={rows}
      columns={[
        {
          key: "title",
          header: "Notebook",
          render: (r) => (
            <TitleCell href={`/w/${workspaceSlug}/models/${r.modelSlug}/notebooks/${r.id}`} title={r.title} clamp="line-clamp-1">
              {r.description}
            </TitleCell>
          ),
        },
        ...(showModel
          ? [
              {
                key: "model",
                header: "Model",
                className: "hidden sm:table-cell",
                render: (r: Row) => (
                  <Link href={`/w/${workspaceSlug}/models/${r.modelSlug}`} className="text-zinc-700 hover:underline">
                    {r.modelName ?? r.modelSlug}
                  </Link>
                ),
              },
            ]
          : []),
        { key: "cells", header: "Cells", align: "right" as const, className: "hidden md:table-cell", render: (r: Row) => r.cellCount },
        {
          key: "schedule",
          header: "Schedule",
          className: "hidden lg:table-cell",
          render: (r: Row) =>
            r.schedule ? (
              <span className="text-xs text-zinc-700" title={r.schedule.cron}>
                {r.schedule.paused ? <span className="text-zinc-400">paused · </span> : null}
                {r.schedule.description}
              </span>
            ) : (
              <span className="text-xs text-zinc-400">—</span>
            ),
        },
        {
          key: "lastRun",
          header: "Last run",
          render: (r: Row) => <LastRun workspaceSlug={workspaceSlug} run={r.lastRun} />,
        },
        { key: "updated", header: "Updated", className: "hidden md:table-cell", render: (r: Row) => <TimeCell value={r.updatedAt} /> },
      ]}
    />
  );
}
