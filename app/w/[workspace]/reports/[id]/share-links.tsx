"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/app/_trpc/client";
import { useMutationFeedback } from "@/app/_trpc/use-mutation-feedback";
import { Button } from "@/app/_components/ui/button";
import { Field, Select } from "@/app/_components/ui/input";
import { Badge } from "@/app/_components/ui/badge";
import { ConfirmItemDialog } from "@/app/_components/ui/confirm-dialog";
import { RelativeTime } from "@/app/_components/ui/relative-time";

export interface LinkRow {
  id: string;
  createdByLabel: string;
  createdAt: string;
  expiresAt: string | null;
  lastOpenedAt: string | null;
  openCount: number;
  state: string;
}

const STATE_TONE = { active: "pass", expired: "muted", revoked: "fail" } as const;

/** Share links: everyone sees that they exist; editors create and revoke. The URL is shown once. */
export function ShareLinks({ workspaceSlug, reportId, links, editor }: { workspaceSlug: string; reportId: string; links: LinkRow[]; editor: boolean }) {
  const trpc = useTRPC();
  const { done, failed, toast } = useMutationFeedback();
  const [expiry, setExpiry] = useState("7");
  const [created, setCreated] = useState<{ url: string; expiresAt: string | null } | null>(null);
  const [revoking, setRevoking] = useState<string | null>(null);
  const create = useMutation(
    trpc.report.createLink.mutationOptions({
      // the new link is shown below, once
      onSuccess: done(null, (l) => setCreated({ url: l.url, expiresAt: l.expiresAt ? String(l.expiresAt) : null })),
      onError: failed(),
    }),
  );
  const revoke = useMutation(trpc.report.revokeLink.mutationOptions({ onSuccess: done("Link revoked: it answers “not found” from now on.", () => setRevoking(null)), onError: failed() }));
  return (
    <div className="space-y-3">
      {editor && (
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate({ workspaceSlug, id: reportId, expiresInDays: expiry === "never" ? null : Number(expiry) });
          }}
        >
          <Field id="link-expiry" label="Expires">
            <Select id="link-expiry" value={expiry} onChange={(e) => setExpiry(e.target.value)} className="w-40">
              <option value="1">in 1 day</option>
              <option value="7">in 7 days</option>
              <option value="30">in 30 days</option>
              <option value="90">in 90 days</option>
              <option value="never">never</option>
            </Select>
          </Field>
          <Button type="submit" busy={create.isPending}>
            Create share link
          </Button>
        </form>
      )}
      {created && (
        <div role="status" className="rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm">
          <p className="font-medium text-emerald-900">Link created. Copy it now: it is shown only once.</p>
          <div className="mt-2 flex flex-wrap items-center gap-2">
            <input readOnly aria-label="Share link URL" data-testid="share-url" value={created.url} className="min-w-0 flex-1 rounded border border-emerald-300 bg-white px-2 py-1 font-mono text-xs" onFocus={(e) => e.target.select()} />
            <Button
              size="sm"
              variant="secondary"
              onClick={() => {
                void navigator.clipboard?.writeText(created.url).then(() => toast.show("Copied."));
              }}
            >
              Copy
            </Button>
          </div>
        </div>
      )}
      {links.length === 0 ? (
        <p className="text-xs text-zinc-500">No share link yet.</p>
      ) : (
        <ul className="divide-y divide-zinc-100 rounded-md border border-zinc-200" data-testid="share-links">
          {links.map((l) => (
            <li key={l.id} className="flex items-start gap-2 px-2.5 py-2 text-xs text-zinc-600">
              <Badge tone={STATE_TONE[l.state as keyof typeof STATE_TONE] ?? "muted"}>{l.state}</Badge>
              <div className="min-w-0 flex-1 space-y-0.5">
                <p>
                  Created <RelativeTime value={l.createdAt} /> by <span className="break-all text-zinc-800">{l.createdByLabel}</span>
                </p>
                <p>
                  Expires {l.expiresAt ? <RelativeTime value={l.expiresAt} /> : "never"} · last opened{" "}
                  {l.lastOpenedAt ? (
                    <>
                      <RelativeTime value={l.lastOpenedAt} /> ({l.openCount}×)
                    </>
                  ) : (
                    "never"
                  )}
                </p>
              </div>
              {editor && l.state === "active" && (
                <Button size="sm" variant="secondary" onClick={() => setRevoking(l.id)}>
                  Revoke
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      <ConfirmItemDialog item={revoking} title="Revoke this link?" confirmLabel="Revoke link" busy={revoke.isPending} onCancel={() => setRevoking(null)} onConfirm={(linkId) => revoke.mutate({ workspaceSlug, id: reportId, linkId })}>
        {() => "Anyone opening it gets “not found” immediately. This cannot be undone; create a new link if needed."}
      </ConfirmItemDialog>
    </div>
  );
}
