"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";
import { useTRPC } from "@/app/_trpc/client";
import { useMutationFeedback } from "@/app/_trpc/use-mutation-feedback";
import { Badge } from "@/app/_components/ui/badge";
import { Button } from "@/app/_components/ui/button";
import { ConfirmItemDialog } from "@/app/_components/ui/confirm-dialog";
import { Field, Input, Select } from "@/app/_components/ui/input";
import { RelativeTime } from "@/app/_components/ui/relative-time";
import { DataTable, type Column } from "@/app/_components/ui/table";
import { useToast } from "@/app/_components/ui/toast";

/** A stored baseline as the model page lists it (its columns' profile included). */
type Baseline = inferRouterOutputs<AppRouter>["ingest"]["baselines"][number];

/** A baseline's columns as profiled at upload. */
const COLUMNS: Column<Baseline["columns"][number]>[] = [
  { key: "column", header: "Column", render: (c) => <span className="font-mono text-zinc-900">{c.name}</span> },
  { key: "type", header: "Type", render: (c) => c.type },
  { key: "role", header: "Role", render: (c) => <span className="text-zinc-500">{c.role}</span> },
  { key: "missing", header: "Missing", align: "right", render: (c) => c.missing.toLocaleString("en-US") },
  { key: "distinct", header: "Distinct", align: "right", render: (c) => (c.distinct > 1000 ? ">1000" : c.distinct) },
  { key: "range", header: "Range", align: "right", render: (c) => (c.min !== null ? `${+c.min.toPrecision(4)} … ${+(c.max ?? 0).toPrecision(4)}` : "") },
];

function UploadForm({ workspaceSlug, slug, versions }: { workspaceSlug: string; slug: string; versions: string[] }) {
  const router = useRouter();
  const toast = useToast();
  const [name, setName] = useState("");
  const [version, setVersion] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="grid gap-3 sm:grid-cols-[1fr_10rem_1fr_auto] sm:items-end"
      data-testid="baseline-upload"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!file) return setError("Choose a CSV, Parquet or NDJSON file.");
        setBusy(true);
        setError(null);
        try {
          const q = new URLSearchParams({ name: name || file.name.replace(/\.[^.]+$/, ""), filename: file.name });
          if (version) q.set("version", version);
          const res = await fetch(`/api/v1/models/${encodeURIComponent(slug)}/baselines?${q}`, {
            method: "POST",
            headers: { "x-evalbook-workspace": workspaceSlug, "content-type": file.type || "application/octet-stream" },
            body: file,
          });
          const body = (await res.json()) as { rowCount?: number; rejected?: unknown[]; error?: { message: string } };
          if (!res.ok) throw new Error(body.error?.message ?? `Upload failed (${res.status})`);
          toast.show(`Baseline stored: ${body.rowCount?.toLocaleString("en-US")} rows${body.rejected?.length ? `, ${body.rejected.length} rows rejected` : ""}.`);
          setName("");
          setFile(null);
          router.refresh();
        } catch (err) {
          setError((err as Error).message);
        } finally {
          setBusy(false);
        }
      }}
    >
      <Field id="baseline-name" label="Name" hint="Defaults to the file name">
        <Input id="baseline-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="training-2026-10" />
      </Field>
      <Field id="baseline-version" label="Version">
        <Select id="baseline-version" value={version} onChange={(e) => setVersion(e.target.value)} options={versions}>
          <option value="">(none)</option>
        </Select>
      </Field>
      <Field id="baseline-file" label="File" error={error}>
        <input
          id="baseline-file"
          type="file"
          accept=".csv,.parquet,.ndjson,.jsonl,.json,.gz"
          className="block w-full text-sm text-zinc-700 file:mr-2 file:rounded file:border-0 file:bg-zinc-100 file:px-2 file:py-1.5 file:text-xs"
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
      </Field>
      <Button type="submit" busy={busy}>
        Upload
      </Button>
    </form>
  );
}

export function BaselinesPanel({
  workspaceSlug,
  slug,
  editor,
  versions,
  hasContract,
  baselines,
}: {
  workspaceSlug: string;
  slug: string;
  editor: boolean;
  versions: string[];
  hasContract: boolean;
  baselines: Baseline[];
}) {
  const trpc = useTRPC();
  const { done, failed } = useMutationFeedback();
  const [open, setOpen] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<Baseline | null>(null);
  const apply = useMutation(
    trpc.ingest.applyContractFromBaseline.mutationOptions({
      onSuccess: done((r) => `Feature contract replaced: ${r.count} features from the baseline.`, () => setConfirm(null)),
      onError: failed(),
    }),
  );
  return (
    <div className="space-y-4">
      {baselines.length === 0 ? (
        <p className="text-sm text-zinc-500">No baselines yet. Upload the training snapshot so drift can be measured against it.</p>
      ) : (
        <ul className="divide-y divide-zinc-100 rounded-md border border-zinc-100" data-testid="baselines-list">
          {baselines.map((b) => (
            <li key={b.id} className="p-3">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <div className="min-w-0">
                  <p className="text-sm font-medium text-zinc-900">
                    {b.name} {b.version && <Badge tone="info">{b.version}</Badge>} <Badge tone="muted">{b.format}</Badge>
                  </p>
                  <p className="text-xs text-zinc-500">
                    {b.rowCount.toLocaleString("en-US")} rows · {b.columns.length} columns · uploaded <RelativeTime value={b.createdAt} />
                  </p>
                </div>
                <div className="flex gap-2">
                  <Button variant="ghost" size="sm" onClick={() => setOpen(open === b.id ? null : b.id)} aria-expanded={open === b.id}>
                    {open === b.id ? "Hide columns" : "Columns"}
                  </Button>
                  {editor && (
                    <Button variant="secondary" size="sm" onClick={() => setConfirm(b)}>
                      Create feature contract
                    </Button>
                  )}
                </div>
              </div>
              {open === b.id && (
                <div className="mt-2">
                  <DataTable density="compact" rows={b.columns} rowKey={(c) => c.name} columns={COLUMNS} />
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {editor && <UploadForm workspaceSlug={workspaceSlug} slug={slug} versions={versions} />}
      <ConfirmItemDialog
        item={confirm}
        title="Create the feature contract from this baseline?"
        confirmLabel={hasContract ? "Replace contract" : "Create contract"}
        tone="primary"
        busy={apply.isPending}
        onConfirm={(b) => apply.mutate({ workspaceSlug, slug, baselineId: b.id })}
        onCancel={() => setConfirm(null)}
      >
        {(b) => (
          <>
            Each feature column of “{b.name}” becomes a contract entry with its type, observed range (numeric) or categories, and nullability.
            {hasContract && " The current contract is replaced."}
          </>
        )}
      </ConfirmItemDialog>
    </div>
  );
}
