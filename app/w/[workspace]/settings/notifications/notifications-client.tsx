"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/app/_trpc/client";
import { useMutationFeedback } from "@/app/_trpc/use-mutation-feedback";
import { messageOf } from "@/app/_trpc/errors";
import { Badge, type Tone } from "@/app/_components/ui/badge";
import { Button } from "@/app/_components/ui/button";
import { ConfirmItemDialog } from "@/app/_components/ui/confirm-dialog";
import { Drawer } from "@/app/_components/ui/drawer";
import { EmptyState } from "@/app/_components/ui/empty-state";
import { Options } from "@/app/_components/ui/input";
import { RelativeTime } from "@/app/_components/ui/relative-time";
import { Section } from "@/app/_components/ui/section";
import { DataTable, TimeCell } from "@/app/_components/ui/table";
import { ChannelForm } from "./channel-form";
import type { ChannelRow, DeliveryRow, KindInfo } from "./types";

/** Delivery statuses: sent is done, pending is in progress (retrying), failed is broken. */
const DELIVERY_TONE: Record<string, Tone> = { sent: "pass", pending: "info", failed: "fail" };

function ChannelState({ channel }: { channel: ChannelRow }) {
  if (channel.enabled) return <Badge tone="pass">on</Badge>;
  if (channel.disabledReason) {
    return (
      <Badge tone="fail" title={channel.disabledReason}>
        off after failures
      </Badge>
    );
  }
  return <Badge tone="muted">off</Badge>;
}

export function NotificationsPanel({ workspaceSlug, isAdmin, kinds, channels }: { workspaceSlug: string; isAdmin: boolean; kinds: KindInfo[]; channels: ChannelRow[] }) {
  const trpc = useTRPC();
  const { done, failed, toast, router } = useMutationFeedback();
  const queryClient = useQueryClient();
  const [drawer, setDrawer] = useState<{ editing: ChannelRow | null } | null>(null);
  const [deleting, setDeleting] = useState<ChannelRow | null>(null);
  const [logFor, setLogFor] = useState<string | null>(channels[0]?.id ?? null);
  const refreshLog = () => queryClient.invalidateQueries({ queryKey: trpc.notificationChannel.deliveries.pathKey() });

  const sendTest = useMutation(
    trpc.notificationChannel.sendTest.mutationOptions({
      onSuccess: (r, vars) => {
        if (r.status === "sent") toast.show(`Test delivered: ${r.statusCode ?? "ok"} in ${r.latencyMs ?? "?"} ms.`);
        else if (r.waiting) toast.show("Test queued, but no worker has picked it up yet: is the worker running?", "info");
        else toast.show(`Test failed: ${r.error ?? "no answer"}${r.status === "pending" ? " (it will be retried)" : ""}`, "error");
        setLogFor(vars.id);
        void refreshLog();
        router.refresh();
      },
      onError: failed(),
    }),
  );
  const setEnabled = useMutation(
    trpc.notificationChannel.setEnabled.mutationOptions({
      onSuccess: done((r) => (r.enabled ? "Channel switched on; its failure count starts from zero." : "Channel switched off: it receives nothing until switched on.")),
      onError: failed(),
    }),
  );
  const remove = useMutation(trpc.notificationChannel.delete.mutationOptions({ onSuccess: done("Channel deleted.", () => setDeleting(null)), onError: failed() }));

  const actions = (c: ChannelRow) => (
    <div className="flex flex-wrap gap-1 sm:justify-end">
      {c.enabled ? (
        <Button variant="secondary" size="sm" busy={sendTest.isPending && sendTest.variables?.id === c.id} onClick={() => sendTest.mutate({ workspaceSlug, id: c.id })}>
          Send test notification
        </Button>
      ) : (
        <Button variant="secondary" size="sm" busy={setEnabled.isPending} onClick={() => setEnabled.mutate({ workspaceSlug, id: c.id, enabled: true })}>
          Re-enable
        </Button>
      )}
      <Button variant="ghost" size="sm" onClick={() => setDrawer({ editing: c })}>
        Edit
      </Button>
      {c.enabled && (
        <Button variant="ghost" size="sm" onClick={() => setEnabled.mutate({ workspaceSlug, id: c.id, enabled: false })}>
          Switch off
        </Button>
      )}
      <Button variant="ghost" size="sm" onClick={() => setDeleting(c)}>
        Delete
      </Button>
    </div>
  );

  const addButton = isAdmin ? <Button onClick={() => setDrawer({ editing: null })}>Add channel</Button> : null;

  return (
    <div className="space-y-4">
      {channels.length === 0 ? (
        <EmptyState title="No notification channels yet" action={addButton}>
          {isAdmin
            ? "Add a signed webhook, a Slack or PagerDuty integration, or an email list. Incidents are sent to every channel whose severities match."
            : "An admin of this workspace can add webhooks, Slack, PagerDuty or email channels here."}
        </EmptyState>
      ) : (
        <Section title="Channels" description="Secrets are stored on the server and shown masked." actions={addButton ?? undefined}>
          <DataTable
            flush
            testId="channels-table"
            caption="Notification channels"
            rows={channels}
            rowKey={(c) => c.id}
            rowAttributes={(c) => ({ "data-testid": `channel-${c.id}` })}
            columns={[
              {
                key: "name",
                header: "Name",
                render: (c) => (
                  <>
                    <button type="button" className="text-left text-zinc-900 underline-offset-2 hover:underline" onClick={() => setLogFor(c.id)}>
                      {c.name}
                    </button>
                    {c.disabledReason && !c.enabled && <p className="mt-0.5 max-w-xs text-xs text-red-700">{c.disabledReason}</p>}
                    {isAdmin && <div className="mt-1 sm:hidden">{actions(c)}</div>}
                  </>
                ),
              },
              { key: "kind", header: "Kind", render: (c) => <span className="text-xs text-zinc-700">{c.kindTitle}</span> },
              {
                key: "target",
                header: "Target",
                className: "hidden max-w-[18rem] truncate md:table-cell",
                render: (c) => (
                  <span className="font-mono text-xs text-zinc-600" title={c.target}>
                    {c.target}
                  </span>
                ),
              },
              { key: "severities", header: "Severities", className: "hidden sm:table-cell", render: (c) => <span className="text-xs text-zinc-600">{c.severities.join(", ")}</span> },
              {
                key: "state",
                header: "State",
                render: (c) => (
                  <>
                    <ChannelState channel={c} />
                    {c.enabled && c.consecutiveFailures > 0 && (
                      <p className="mt-0.5 text-xs text-amber-700">
                        {c.consecutiveFailures}/{c.disableAfterFailures} failures
                      </p>
                    )}
                  </>
                ),
              },
              {
                key: "lastDelivery",
                header: "Last delivery",
                className: "hidden sm:table-cell",
                render: (c) => (
                  <div className="text-xs text-zinc-600">
                    {c.lastDelivery?.lastAttemptAt ? (
                      <span className="inline-flex items-center gap-1.5">
                        <Badge tone={DELIVERY_TONE[c.lastDelivery.status] ?? "muted"}>{c.lastDelivery.status}</Badge>
                        <RelativeTime value={c.lastDelivery.lastAttemptAt} />
                      </span>
                    ) : (
                      "never"
                    )}
                    {c.pending > 0 && <p className="mt-0.5">{c.pending} pending</p>}
                  </div>
                ),
              },
              { key: "actions", header: <span className="sr-only">Actions</span>, className: "hidden sm:table-cell", render: (c) => isAdmin && actions(c) },
            ]}
          />
        </Section>
      )}

      {logFor && channels.some((c) => c.id === logFor) && (
        <DeliveryLog workspaceSlug={workspaceSlug} channel={channels.find((c) => c.id === logFor)!} channels={channels} onPick={setLogFor} />
      )}

      <Drawer open={drawer !== null} title={drawer?.editing ? `Edit “${drawer.editing.name}”` : "Add a notification channel"} onClose={() => setDrawer(null)}>
        {drawer && (
          <ChannelForm
            key={drawer.editing?.id ?? "new"}
            workspaceSlug={workspaceSlug}
            kinds={kinds}
            editing={drawer.editing}
            onDone={(message) => {
              toast.show(message);
              setDrawer(null);
              router.refresh();
            }}
          />
        )}
      </Drawer>
      <ConfirmItemDialog item={deleting} title={(c) => `Delete “${c.name}”?`} confirmLabel="Delete channel" busy={remove.isPending} onConfirm={(c) => remove.mutate({ workspaceSlug, id: c.id })} onCancel={() => setDeleting(null)}>
        {() => "Its delivery log and any deliveries still pending are deleted with it. Guardrails that name this channel stop sending to it."}
      </ConfirmItemDialog>
    </div>
  );
}

function DeliveryLog({ workspaceSlug, channel, channels, onPick }: { workspaceSlug: string; channel: ChannelRow; channels: ChannelRow[]; onPick: (id: string) => void }) {
  const trpc = useTRPC();
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const q = useQuery({
    ...trpc.notificationChannel.deliveries.queryOptions({ workspaceSlug, channelId: channel.id, limit: 25, cursor }),
    refetchInterval: 5000,
  });
  const rows: DeliveryRow[] = q.data?.rows ?? [];
  return (
    <Section
      title="Delivery log"
      description="Every notification sent to the channel: status code, latency and attempts (retries back off exponentially with the same idempotency key)."
      actions={
        channels.length > 1 ? (
          <select
            aria-label="Channel"
            className="h-7 rounded-md border border-zinc-300 bg-white px-2 text-xs"
            value={channel.id}
            onChange={(e) => {
              setCursors([undefined]);
              onPick(e.target.value);
            }}
          >
            <Options choices={channels.map((c) => ({ value: c.id, label: c.name }))} />
          </select>
        ) : undefined
      }
    >
      {q.isLoading ? (
        <p className="text-sm text-zinc-500">Loading…</p>
      ) : q.error ? (
        <p className="text-sm text-red-700">{messageOf(q.error)}</p>
      ) : rows.length === 0 ? (
        <p className="text-sm text-zinc-500">Nothing sent to “{channel.name}” yet.</p>
      ) : (
        <DataTable
          flush
          testId="delivery-log"
          caption={`Deliveries to ${channel.name}`}
          rows={rows}
          rowKey={(d) => d.id}
          columns={[
            { key: "time", header: "Time", className: "hidden sm:table-cell", render: (d) => <TimeCell value={d.lastAttemptAt ?? d.createdAt} /> },
            {
              key: "event",
              header: "Event",
              render: (d) => (
                <div className="text-xs text-zinc-800">
                  <RelativeTime value={d.lastAttemptAt ?? d.createdAt} className="block text-zinc-500 sm:hidden" />
                  <span className="font-mono text-zinc-500">{d.eventKind}</span> {d.title}
                  <span className="hidden font-mono text-[11px] text-zinc-400 sm:block" title="Idempotency-Key">
                    {d.idempotencyKey}
                  </span>
                </div>
              ),
            },
            { key: "status", header: "Status", render: (d) => <Badge tone={DELIVERY_TONE[d.status] ?? "muted"}>{d.status}</Badge> },
            { key: "code", header: "Code", align: "right", render: (d) => <span className="font-mono text-xs">{d.statusCode ?? "—"}</span> },
            { key: "latency", header: "Latency", align: "right", className: "hidden sm:table-cell", render: (d) => <span className="text-xs">{d.latencyMs === null ? "—" : `${d.latencyMs} ms`}</span> },
            { key: "attempts", header: "Attempts", align: "right", render: (d) => <span className="text-xs">{d.attempts}</span> },
            { key: "error", header: "Error", className: "hidden max-w-xs md:table-cell", render: (d) => <span className="text-xs break-words text-red-700">{d.error ?? ""}</span> },
          ]}
        />
      )}
      {(cursors.length > 1 || q.data?.nextCursor) && (
        <div className="mt-6 flex justify-end gap-2">
          <Button variant="secondary" size="sm" disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>
            Newer
          </Button>
          <Button variant="secondary" size="sm" disabled={!q.data?.nextCursor} onClick={() => setCursors([...cursors, q.data!.nextCursor!])}>
            Older
          </Button>
        </div>
      )}
    </Section>
  );
}
