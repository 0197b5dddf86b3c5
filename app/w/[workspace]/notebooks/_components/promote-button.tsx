"use client";

import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC, useTRPCClient } from "@/app/_trpc/client";
import { messageOf } from "@/app/_trpc/errors";
import { Button } from "@/app/_components/ui/button";
import { ConfirmDialog } from "@/app/_components/ui/confirm-dialog";
import { useToast } from "@/app/_components/ui/toast";
import type { PairedLike } from "@/server/charts/specs";

/** Where the decision is taken: a run's comparison cell, or a report's frozen one (the audit entry links it). */
export type PromoteSource = { kind: "run"; runId: string } | { kind: "report"; reportId: string };

/**
 * A promote decision from a paired comparison: side B's version becomes production (the current
 * production version is retired, as any stage change to production does), and the model's audit
 * trail links this run (or report) and the verdicts on all traffic. Editors only: viewers see the
 * button disabled with the reason next to it.
 */
export function PromoteButton({
  workspaceSlug,
  source,
  cellId,
  modelSlug,
  candidate,
  versions,
  result,
  editor,
}: {
  workspaceSlug: string;
  source: PromoteSource;
  cellId: string;
  modelSlug: string;
  candidate: string;
  versions: { label: string; stage: string }[];
  result: PairedLike;
  editor: boolean;
}) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const qc = useQueryClient();
  const router = useRouter();
  const toast = useToast();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const stage = versions.find((v) => v.label === candidate)?.stage;
  const current = versions.filter((v) => v.stage === "production" && v.label !== candidate).map((v) => v.label);
  const reasonId = `promote-reason-${cellId}`;

  if (stage === "production") {
    return (
      <span className="text-xs text-emerald-700" data-testid="promoted">
        {candidate} is in production ·{" "}
        <Link href={`/w/${workspaceSlug}/models/${modelSlug}#audit`} className="underline hover:text-emerald-900">
          audit trail
        </Link>
      </span>
    );
  }
  if (!stage) return <span className="text-xs text-zinc-500">{candidate} is no longer a version of this model</span>;

  const verdicts = result.cohorts.find((c) => c.cohort === "all")?.metrics ?? [];

  async function promote() {
    setBusy(true);
    try {
      if (source.kind === "run") {
        const res = await client.notebook.promote.mutate({ workspaceSlug, runId: source.runId, cellId });
        toast.show(`${res.version} is now in production; the audit trail links this run.`);
        await qc.invalidateQueries({ queryKey: trpc.notebook.getRun.queryKey({ workspaceSlug, runId: source.runId }) });
      } else {
        const res = await client.report.promote.mutate({ workspaceSlug, id: source.reportId, cellId });
        toast.show(`${res.version} is now in production; the audit trail links this report.`);
      }
      setOpen(false);
      router.refresh();
    } catch (err) {
      toast.show(messageOf(err), "error");
    } finally {
      setBusy(false);
    }
  }

  return (
    <span className="flex items-center gap-2">
      {!editor && (
        <span id={reasonId} className="text-xs text-zinc-500">
          Promoting needs the editor role
        </span>
      )}
      <Button size="sm" variant="secondary" disabled={!editor} aria-describedby={editor ? undefined : reasonId} onClick={() => setOpen(true)} data-testid={`promote-${cellId}`}>
        Promote {candidate}
      </Button>
      <ConfirmDialog open={open} title={`Promote ${candidate} to production?`} confirmLabel={`Promote ${candidate}`} tone="primary" busy={busy} onCancel={() => setOpen(false)} onConfirm={() => void promote()}>
        <p>
          {candidate} ({stage} now) becomes the production version
          {current.length > 0 ? (
            <>
              ; <strong>{current.join(", ")}</strong> {current.length === 1 ? "is" : "are"} in production now and will be retired
            </>
          ) : null}
          . The model&apos;s audit trail records this decision with a link to this {source.kind} and the verdicts on all traffic:
        </p>
        <ul className="mt-2 list-disc space-y-0.5 pl-5 text-xs" data-testid="promote-evidence">
          {verdicts.map((m) => (
            <li key={m.metric}>
              {m.metric.replaceAll("_", " ")}: <strong>{m.verdict ?? "not computable"}</strong>
            </li>
          ))}
        </ul>
      </ConfirmDialog>
    </span>
  );
}
