import type { Metadata } from "next";
import { withCaller } from "@/app/_lib/server";
import { PageHeader } from "@/app/_components/ui/section";
import { getWorkspace } from "@/app/w/[workspace]/_data";
import { NotificationsPanel } from "./notifications-client";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Notifications" };

export default async function NotificationsPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: workspaceSlug } = await params;
  const workspace = await getWorkspace(workspaceSlug);
  const [channels, kinds] = await Promise.all([
    withCaller((c) => c.notificationChannel.list({ workspaceSlug })),
    withCaller((c) => c.notificationChannel.kinds({ workspaceSlug })),
  ]);
  return (
    <>
      <PageHeader
        title="Notifications"
        subtitle={`Where ${workspace.name} sends incidents: signed webhooks, Slack, PagerDuty and email. Each guardrail picks channels by severity.`}
      />
      <NotificationsPanel
        workspaceSlug={workspaceSlug}
        isAdmin={workspace.role === "admin"}
        kinds={kinds}
        channels={channels.map((c) => ({
          ...c,
          createdAt: new Date(c.createdAt).toISOString(),
          disabledAt: c.disabledAt ? new Date(c.disabledAt).toISOString() : null,
          lastDelivery: c.lastDelivery
            ? { ...c.lastDelivery, lastAttemptAt: c.lastDelivery.lastAttemptAt ? new Date(c.lastDelivery.lastAttemptAt).toISOString() : null }
            : null,
        }))}
      />
    </>
  );
}
