import type { Metadata } from "next";
import Link from "next/link";
import { withCaller, isForbidden } from "@/app/_lib/server";
import { getWorkspace } from "@/app/w/[workspace]/_data";
import { PageHeader } from "@/app/_components/ui/section";
import { EmptyState } from "@/app/_components/ui/empty-state";
import { ApiKeysPanel } from "./api-keys-client";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: workspaceSlug } = await params;
  const workspace = await getWorkspace(workspaceSlug);
  if (workspace.role !== "admin") {
    return (
      <>
        <PageHeader title="API keys" />
        <EmptyState title="Only workspace admins manage API keys">Ask an admin of {workspace.name} for a key.</EmptyState>
      </>
    );
  }
  const [keys, models] = await Promise.all([
    withCaller((c) => c.apiKey.list({ workspaceSlug })).catch((e: unknown) => {
      if (isForbidden(e)) return [];
      throw e;
    }),
    withCaller((c) => c.model.list({ workspaceSlug, pageSize: 100 })),
  ]);
  return (
    <>
      <PageHeader
        title="API keys"
        subtitle={
          <>
            Keys let services and scripts log predictions, labels and baselines to {workspace.name}. See the{" "}
            <Link className="underline hover:text-zinc-900" href={`/w/${workspaceSlug}/api`}>
              API docs
            </Link>
            .
          </>
        }
      />
      <ApiKeysPanel
        workspaceSlug={workspaceSlug}
        models={models.items.map((m) => m.slug)}
        keys={keys.map((k) => ({
          ...k,
          createdAt: new Date(k.createdAt).toISOString(),
          lastUsedAt: k.lastUsedAt ? new Date(k.lastUsedAt).toISOString() : null,
          revokedAt: k.revokedAt ? new Date(k.revokedAt).toISOString() : null,
        }))}
      />
    </>
  );
}
