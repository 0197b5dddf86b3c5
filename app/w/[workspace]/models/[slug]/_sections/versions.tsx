import { StageBadge } from "@/app/_components/ui/badge";
import { Section } from "@/app/_components/ui/section";
import { RelativeTime } from "@/app/_components/ui/relative-time";
import { DataTable, TimeCell } from "@/app/_components/ui/table";
import type { ModelDetail } from "../_data";
import { AddVersionForm, VersionStageControl } from "./versions-client";

interface Ctx {
  workspaceSlug: string;
  slug: string;
  editor: boolean;
  names: Record<string, string>;
}

const STAGE_ORDER: Record<string, number> = { production: 0, canary: 1, shadow: 2, candidate: 3, retired: 4 };

export function VersionsSection({ model, workspaceSlug, slug, editor, names }: { model: ModelDetail } & Ctx) {
  const versions = [...model.versions].sort(
    (a, b) => (STAGE_ORDER[a.stage] ?? 9) - (STAGE_ORDER[b.stage] ?? 9) || +new Date(b.createdAt) - +new Date(a.createdAt),
  );
  const production = model.versions.find((v) => v.stage === "production")?.label ?? null;
  const history = model.versions
    .flatMap((v) => v.stageEvents.map((e) => ({ ...e, label: v.label })))
    .sort((a, b) => +new Date(b.changedAt) - +new Date(a.changedAt));

  return (
    <Section
      id="versions"
      title="Versions"
      description="One version is in production at a time; moving another there retires it."
      actions={editor && <AddVersionForm workspaceSlug={workspaceSlug} slug={slug} production={production} />}
    >
      {versions.length === 0 ? (
        <p className="text-sm text-zinc-500">No versions yet.{editor ? " Add the first one above." : ""}</p>
      ) : (
        <DataTable
          flush="top"
          testId="versions-table"
          rows={versions}
          rowKey={(v) => v.id}
          rowAttributes={(v) => ({ "data-version": v.label })}
          columns={[
            { key: "version", header: "Version", render: (v) => <span className="font-mono text-xs font-medium text-zinc-900">{v.label}</span> },
            {
              key: "stage",
              header: "Stage",
              render: (v) => (
                <span data-testid="stage">
                  <StageBadge stage={v.stage} />
                </span>
              ),
            },
            { key: "since", header: "Since", render: (v) => <TimeCell value={v.stageEvents[0]?.changedAt ?? v.createdAt} /> },
            { key: "added", header: "Added", className: "hidden sm:table-cell", render: (v) => <TimeCell value={v.createdAt} /> },
            ...(editor
              ? [
                  {
                    key: "change",
                    header: "Change stage",
                    align: "right" as const,
                    render: (v: (typeof versions)[number]) => (
                      <VersionStageControl workspaceSlug={workspaceSlug} slug={slug} label={v.label} stage={v.stage} production={production} />
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}

      {history.length > 0 && (
        <details className="mt-4 rounded-md border border-zinc-100 bg-zinc-50/60" open={history.length <= 8}>
          <summary className="cursor-pointer px-3 py-2 text-xs font-medium text-zinc-700">Stage history ({history.length})</summary>
          <ol className="divide-y divide-zinc-100 px-3 pb-2" data-testid="stage-history">
            {history.map((e) => (
              <li key={e.id} className="flex flex-wrap items-center gap-x-2 gap-y-1 py-1.5 text-xs">
                <span className="font-mono font-medium text-zinc-900">{e.label}</span>
                {e.fromStage ? <StageBadge stage={e.fromStage} /> : <span className="text-zinc-500">added as</span>}
                {e.fromStage && <span className="text-zinc-400">→</span>}
                <StageBadge stage={e.toStage} />
                <span className="text-zinc-500">by {(e.changedById && names[e.changedById]) || "a former member"}</span>
                <RelativeTime value={e.changedAt} className="ml-auto text-zinc-500" />
              </li>
            ))}
          </ol>
        </details>
      )}
    </Section>
  );
}
