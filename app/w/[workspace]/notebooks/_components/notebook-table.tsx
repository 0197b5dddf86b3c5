import Link from "next/link";
import { DataTable } from "@/app/_components/ui/table";
import { RelativeTime } from "@/app/_components/ui/relative-time";
import { ResultBadge, RunStatusBadge } from "@/app/_components/ui/status-badge";
import type { NotebookListItem } from "./types";

type Row = NotebookListItem & { modelName?: string };

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
            <div className="min-w-0">
              <Link href={`/w/${workspaceSlug}/models/${r.modelSlug}/notebooks/${r.id}`} className="font-medium text-zinc-900 hover:underline">
                {r.title}
              </Link>
              {r.description && <p className="line-clamp-1 max-w-md text-xs text-zinc-500">{r.description}</p>}
            </div>
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
          render: (r: Row) =>
            r.lastRun ? (
              <Link href={`/w/${workspaceSlug}/runs/${r.lastRun.id}`} className="inline-flex flex-wrap items-center gap-1.5 hover:underline">
                {r.lastRun.status === "succeeded" && r.lastRun.resultStatus ? <ResultBadge status={r.lastRun.resultStatus} /> : <RunStatusBadge status={r.lastRun.status} />}
                <RelativeTime value={r.lastRun.createdAt} className="text-xs text-zinc-500" />
              </Link>
            ) : (
              <span className="text-xs text-zinc-400">never run</span>
            ),
        },
        { key: "updated", header: "Updated", className: "hidden md:table-cell", render: (r: Row) => <RelativeTime value={r.updatedAt} className="text-xs text-zinc-500" /> },
      ]}
    />
  );
}
