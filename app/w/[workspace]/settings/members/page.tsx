import type { Metadata } from "next";
import { withCaller } from "@/app/_lib/server";
import { getMe, getWorkspace } from "@/app/w/[workspace]/_data";
import { PageHeader } from "@/app/_components/ui/section";
import { MembersPanel } from "./members-client";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: workspaceSlug } = await params;
  const [me, workspace, list] = await Promise.all([getMe(), getWorkspace(workspaceSlug), withCaller((c) => c.workspace.members({ workspaceSlug }))]);
  const admin = workspace.role === "admin";
  return (
    <>
      <PageHeader
        title="Members"
        subtitle={admin ? `People with access to ${workspace.name} and what they may do.` : `People with access to ${workspace.name}. Only admins change membership.`}
      />
      <MembersPanel
        workspaceSlug={workspaceSlug}
        admin={admin}
        currentUserId={me.user.id}
        members={list.members.map((m) => ({ ...m, since: new Date(m.since).toISOString() }))}
        invitations={list.invitations.map((i) => ({ ...i, createdAt: new Date(i.createdAt).toISOString(), expiresAt: i.expiresAt ? new Date(i.expiresAt).toISOString() : null }))}
      />
    </>
  );
}
