"use client";

import { useState } from "react";
import { Button } from "@/app/_components/ui/button";
import { Field, Input, Select } from "@/app/_components/ui/input";
import { useCreateReport } from "./use-create-report";

export interface RunOption {
  id: string;
  label: string;
}

/** "Create report" from a finished run: the run is frozen into a snapshot the moment this succeeds. */
export function NewReportForm({ workspaceSlug, runs, initialRunId }: { workspaceSlug: string; runs: RunOption[]; initialRunId?: string }) {
  const [runId, setRunId] = useState(initialRunId && runs.some((r) => r.id === initialRunId) ? initialRunId : (runs[0]?.id ?? ""));
  const [title, setTitle] = useState("");
  const create = useCreateReport(workspaceSlug);
  if (!runs.length) return <p className="text-sm text-zinc-600">No finished run yet. Run a notebook first; its finished runs appear here.</p>;
  return (
    <form
      className="grid gap-3 sm:grid-cols-[2fr_2fr_auto] sm:items-end"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate({ workspaceSlug, runId, ...(title.trim() ? { title: title.trim() } : {}) });
      }}
    >
      <Field id="new-report-run" label="Finished run">
        <Select id="new-report-run" value={runId} onChange={(e) => setRunId(e.target.value)} options={runs.map((r) => ({ value: r.id, label: r.label }))} />
      </Field>
      <Field id="new-report-title" label="Title (optional)">
        <Input id="new-report-title" value={title} onChange={(e) => setTitle(e.target.value)} placeholder="e.g. Fraud model — weekly review" maxLength={200} />
      </Field>
      <Button type="submit" busy={create.isPending}>
        Create report
      </Button>
    </form>
  );
}
