import type { Metadata } from "next";
import Link from "next/link";
import { withCaller } from "@/app/_lib/server";
import { canEdit, getWorkspace } from "../_data";
import { Badge, StageBadge } from "@/app/_components/ui/badge";
import { ButtonLink } from "@/app/_components/ui/button";
import { EmptyState } from "@/app/_components/ui/empty-state";
import { PageHeader } from "@/app/_components/ui/section";
import { DataTable, Pagination, TimeCell, type Column } from "@/app/_components/ui/table";
import { ModelHealth } from "../incidents/_components/model-health";
import { LastRunBadge } from "./_components/last-run";
import { FilterBar } from "./_components/filter-bar";
import { hasFilters, listHref, parseListQuery } from "./_components/query";
import { countText, estimateText, sampleNote } from "@/server/format/estimate";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Models" };

const PAGE_SIZE = 20;

export default async function ModelsPage({
  params,
  searchParams,
}: {
  params: Promise<{ workspace: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { workspace: workspaceSlug } = await params;
  const query = parseListQuery(await searchParams);
  const base = `/w/${workspaceSlug}/models`;
  const [workspace, facets, list, health, latestRuns, traffic] = await Promise.all([
    getWorkspace(workspaceSlug),
    withCaller((c) => c.model.facets({ workspaceSlug })),
    withCaller((c) =>
      c.model.list({
        workspaceSlug,
        q: query.q,
        ownerTeam: query.owner,
        stage: query.stage,
        tag: query.tag,
        task: query.task,
        sort: query.sort,
        order: query.order,
        page: query.page,
        pageSize: PAGE_SIZE,
      }),
    ),
    withCaller((c) => c.guardrail.health({ workspaceSlug })),
    withCaller((c) => c.model.latestRuns({ workspaceSlug })),
    withCaller((c) => c.ingest.workspaceTraffic({ workspaceSlug })),
  ]);
  const editor = canEdit(workspace.role);
  type Row = (typeof list.items)[number];

  const columns: Column<Row>[] = [
    {
      key: "name",
      header: "Model",
      sortable: true,
      render: (m) => (
        <div className="min-w-40">
          <Link href={`${base}/${m.slug}`} className="font-medium text-zinc-900 hover:text-sky-700 hover:underline">
            {m.name}
          </Link>
          <div className="font-mono text-xs text-zinc-500">{m.slug}</div>
        </div>
      ),
    },
    {
      key: "health",
      header: "Health",
      render: (m) => (
        <div className="flex flex-col items-start gap-1">
          <ModelHealth workspaceSlug={workspaceSlug} slug={m.slug} health={health[m.id]} />
          <LastRunBadge workspaceSlug={workspaceSlug} slug={m.slug} run={latestRuns[m.id]} />
        </div>
      ),
    },
    { key: "task", header: "Task", sortable: true, className: "hidden sm:table-cell", render: (m) => <span className="text-zinc-700">{m.task}</span> },
    { key: "ownerTeam", header: "Owner", sortable: true, render: (m) => <span className="whitespace-nowrap text-zinc-700">{m.ownerTeam}</span> },
    {
      key: "onCall",
      header: "On-call",
      className: "hidden lg:table-cell",
      render: (m) => <span className="text-xs break-all text-zinc-600">{m.onCall}</span>,
    },
    {
      key: "production",
      header: "Production",
      render: (m) =>
        m.productionVersion ? (
          <span className="inline-flex items-center gap-1.5 whitespace-nowrap">
            <StageBadge stage="production" />
            <span className="font-mono text-xs">{m.productionVersion}</span>
          </span>
        ) : (
          <Badge tone="muted">none</Badge>
        ),
    },
    {
      key: "traffic",
      header: "Requests / day",
      align: "right",
      className: "hidden md:table-cell",
      render: (m) => {
        const t = traffic[m.id];
        if (!t || t.rows === 0) return <span className="text-xs text-zinc-400">—</span>;
        const basis = { rows: t.rows, requests: t.requests, sampledRows: t.sampledRows };
        const note = sampleNote(basis);
        return (
          <span
            className="text-xs whitespace-nowrap tabular-nums text-zinc-700"
            data-testid="traffic-per-day"
            title={`${estimateText(t.requests / t.days, "requests/day", basis)} over the last ${t.days} days (UTC); ${(t.requests > 0 ? t.errors / t.requests : 0).toLocaleString("en-US", { style: "percent", maximumFractionDigits: 2 })} errors`}
          >
            {countText(t.requests / t.days, basis)}
            {note && <span className="block text-[10px] text-amber-700">{note}</span>}
          </span>
        );
      },
    },
    {
      key: "tags",
      header: "Tags",
      className: "hidden md:table-cell",
      render: (m) => (
        <div className="flex max-w-56 flex-wrap gap-1">
          {m.tags.map((t) => (
            <Link key={t} href={listHref(base, query, { tag: t, page: 1 })} className="hover:opacity-80">
              <Badge>{t}</Badge>
            </Link>
          ))}
        </div>
      ),
    },
    { key: "updatedAt", header: "Updated", sortable: true, align: "right", render: (m) => <TimeCell value={m.updatedAt} /> },
  ];

  return (
    <>
      <PageHeader
        title="Models"
        subtitle={`${list.total} ${list.total === 1 ? "model" : "models"} in ${workspace.name}`}
        actions={editor && <ButtonLink href={`${base}/new`}>Create model</ButtonLink>}
      />
      <FilterBar
        values={{ q: query.q, owner: query.owner, stage: query.stage, tag: query.tag, task: query.task }}
        owners={facets.owners}
        tags={facets.tags}
        tasks={facets.tasks}
        stages={facets.stages}
        sort={query.sort}
        order={query.order}
      />
      {list.items.length === 0 ? (
        hasFilters(query) ? (
          <EmptyState title="No models match these filters" action={<ButtonLink href={base} variant="secondary">Clear filters</ButtonLink>}>
            Try a shorter search or remove a filter.
          </EmptyState>
        ) : (
          <EmptyState
            title="No models yet"
            action={editor ? <ButtonLink href={`${base}/new`}>Create model</ButtonLink> : undefined}
          >
            {editor
              ? "Register your first model: its owner, on-call, versions and SLOs. Predictions and evaluations attach to it."
              : "An editor of this workspace registers models here."}
          </EmptyState>
        )
      ) : (
        <>
          <DataTable
            testId="models-table"
            caption="Models"
            columns={columns}
            rows={list.items}
            rowKey={(m) => m.id}
            sort={{ key: query.sort, order: query.order, hrefFor: (key, order) => listHref(base, query, { sort: key as typeof query.sort, order, page: 1 }) }}
          />
          <Pagination
            page={list.page}
            pages={list.pages}
            total={list.total}
            pageSize={list.pageSize}
            noun="models"
            hrefFor={(page) => listHref(base, query, { page })}
          />
        </>
      )}
    </>
  );
}
