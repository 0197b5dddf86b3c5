"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/app/_trpc/client";
import { fieldErrorsOf, isInputValidationError, messageOf } from "@/app/_trpc/errors";
import { Button } from "@/app/_components/ui/button";
import { Checkbox, Field, Input, Select } from "@/app/_components/ui/input";
import { useToast } from "@/app/_components/ui/toast";

export interface Prefill {
  notebookId?: string;
  cellId?: string;
  metric?: string;
  column?: string;
}

type NotebookOption = { id: string; title: string; cells: { id: string; title: string; pluginId: string }[] };

const OPS = [">", ">=", "<", "<="] as const;
const num = (s: string) => (s.trim() === "" ? null : Number(s));

/**
 * Adds a guardrail. Opened from "+" next to a metric (prefilled from the URL) or with "Add guardrail".
 * The server validates against the notebook (metric exists, operator fits, warn before fail) and
 * answers per field; those errors show under their fields.
 */
export function GuardrailForm({ workspaceSlug, modelSlug, notebooks, runbooks, prefill }: { workspaceSlug: string; modelSlug: string; notebooks: NotebookOption[]; runbooks: { id: string; title: string }[]; prefill: Prefill | null }) {
  const trpc = useTRPC();
  const router = useRouter();
  const toast = useToast();
  const [open, setOpen] = useState(Boolean(prefill));
  const firstNb = notebooks.find((n) => n.id === prefill?.notebookId) ?? notebooks.find((n) => n.cells.length);
  const [notebookId, setNotebookId] = useState(firstNb?.id ?? "");
  const nb = notebooks.find((n) => n.id === notebookId);
  const [cellId, setCellId] = useState(prefill?.cellId ?? firstNb?.cells[0]?.id ?? "");
  const [metric, setMetric] = useState(prefill?.metric ?? "");
  const [column, setColumn] = useState(prefill?.column ?? "");
  const [name, setName] = useState(prefill?.metric ? `${prefill.metric}${prefill.column && prefill.column !== "*" ? ` on ${prefill.column}` : ""}` : "");
  const [cohortMode, setCohortMode] = useState<"all" | "each">("all");
  const [op, setOp] = useState<(typeof OPS)[number]>(">");
  const [warn, setWarn] = useState("");
  const [fail, setFail] = useState("");
  const [severity, setSeverity] = useState<"info" | "warning" | "critical">("warning");
  const [minSamples, setMinSamples] = useState("0");
  const [significance, setSignificance] = useState(false);
  const [fireAfter, setFireAfter] = useState("1");
  const [resolveAfter, setResolveAfter] = useState("2");
  const [runbookIds, setRunbookIds] = useState<string[]>([]);
  const [rollbackMode, setRollbackMode] = useState<"off" | "dry_run" | "confirm" | "automatic">("off");
  const [rollbackUrl, setRollbackUrl] = useState("");
  const [rollbackSecret, setRollbackSecret] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});

  const options = useQuery({ ...trpc.guardrail.metricOptions.queryOptions({ workspaceSlug, notebookId, cellId }), enabled: Boolean(open && notebookId && cellId) });
  const metricList = column === "" ? (options.data?.cell ?? []) : (options.data?.column ?? []);

  const create = useMutation(
    trpc.guardrail.create.mutationOptions({
      onSuccess: (g) => {
        toast.show(`Guardrail “${g.name}” added; it is checked after the notebook's next run.`);
        setErrors({});
        setOpen(false);
        router.replace(`/w/${workspaceSlug}/models/${modelSlug}#guardrails`);
        router.refresh();
      },
      onError: (e) => {
        const fields = fieldErrorsOf(e);
        const mapped = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k.replace(/^guardrail\./, ""), v]));
        setErrors(mapped);
        if (!isInputValidationError(e) || !Object.keys(mapped).length) toast.show(messageOf(e), "error");
      },
    }),
  );

  if (!open) {
    return (
      <div className="mt-3">
        <Button variant="secondary" onClick={() => setOpen(true)} disabled={!notebooks.some((n) => n.cells.length)} data-testid="add-guardrail">
          Add guardrail
        </Button>
        {!notebooks.some((n) => n.cells.length) && <span className="ml-2 text-xs text-zinc-500">A guardrail watches a notebook result: create a notebook with an evaluator cell first.</span>}
      </div>
    );
  }

  function submit(e: React.FormEvent) {
    e.preventDefault();
    create.mutate({
      workspaceSlug,
      modelSlug,
      guardrail: {
        name,
        notebookId,
        cellId,
        metric,
        column: column === "" ? null : column,
        cohortMode,
        op,
        warn: num(warn),
        fail: num(fail) ?? NaN,
        severity,
        minSamples: Number(minSamples) || 0,
        requireSignificance: significance,
        fireAfter: Number(fireAfter) || 1,
        resolveAfter: Number(resolveAfter) || 1,
        runbookIds,
        rollbackMode,
        rollbackUrl: rollbackUrl.trim() || null,
        ...(rollbackSecret ? { rollbackSecret } : {}),
      },
    });
  }

  return (
    <form onSubmit={submit} className="mt-4 space-y-3 border-t border-zinc-100 pt-4" data-testid="guardrail-form" aria-label="Add a guardrail">
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <Field id="g-name" label="Name" required error={errors.name} className="sm:col-span-2">
          <Input id="g-name" value={name} onChange={(e) => setName(e.target.value)} invalid={Boolean(errors.name)} />
        </Field>
        <Field id="g-notebook" label="Notebook" error={errors.notebookId}>
          <Select id="g-notebook" value={notebookId} onChange={(e) => { setNotebookId(e.target.value); setCellId(notebooks.find((n) => n.id === e.target.value)?.cells[0]?.id ?? ""); }}>
            {notebooks.map((n) => (
              <option key={n.id} value={n.id}>{n.title}</option>
            ))}
          </Select>
        </Field>
        <Field id="g-cell" label="Evaluator cell" error={errors.cellId}>
          <Select id="g-cell" value={cellId} onChange={(e) => setCellId(e.target.value)}>
            {(nb?.cells ?? []).map((c) => (
              <option key={c.id} value={c.id}>{c.title} ({c.pluginId})</option>
            ))}
          </Select>
        </Field>
        <Field id="g-column" label="Feature" hint="Cell metric, any feature (the worst counts) or one" error={errors.column}>
          <Select id="g-column" value={column} onChange={(e) => setColumn(e.target.value)}>
            <option value="">— the cell's metric —</option>
            <option value="*">any feature</option>
            {(options.data?.columns ?? []).map((c) => (
              <option key={c} value={c}>{c}</option>
            ))}
          </Select>
        </Field>
        <Field id="g-metric" label="Metric" required error={errors.metric}>
          <Input id="g-metric" list="g-metric-list" value={metric} onChange={(e) => setMetric(e.target.value)} invalid={Boolean(errors.metric)} />
          <datalist id="g-metric-list">
            {metricList.map((m) => (
              <option key={m} value={m} />
            ))}
          </datalist>
        </Field>
        <Field id="g-cohorts" label="For">
          <Select id="g-cohorts" value={cohortMode} onChange={(e) => setCohortMode(e.target.value as "all" | "each")}>
            <option value="all">all traffic</option>
            <option value="each">every cohort</option>
          </Select>
        </Field>
        <Field id="g-op" label="Breach when value is" error={errors.op}>
          <Select id="g-op" value={op} onChange={(e) => setOp(e.target.value as (typeof OPS)[number])} invalid={Boolean(errors.op)}>
            {OPS.map((o) => (
              <option key={o} value={o}>{o}</option>
            ))}
          </Select>
        </Field>
        <Field id="g-warn" label="Warn line" error={errors.warn}>
          <Input id="g-warn" inputMode="decimal" value={warn} onChange={(e) => setWarn(e.target.value)} invalid={Boolean(errors.warn)} />
        </Field>
        <Field id="g-fail" label="Fail line" required error={errors.fail}>
          <Input id="g-fail" inputMode="decimal" value={fail} onChange={(e) => setFail(e.target.value)} invalid={Boolean(errors.fail)} />
        </Field>
        <Field id="g-severity" label="Severity">
          <Select id="g-severity" value={severity} onChange={(e) => setSeverity(e.target.value as typeof severity)}>
            <option value="info">info</option>
            <option value="warning">warning</option>
            <option value="critical">critical</option>
          </Select>
        </Field>
        <Field id="g-min" label="Minimum sample" hint="Fewer rows: “no data”, no alert" error={errors.minSamples}>
          <Input id="g-min" inputMode="numeric" value={minSamples} onChange={(e) => setMinSamples(e.target.value)} />
        </Field>
        <Field id="g-fire" label="Fire after N breaching runs" error={errors.fireAfter}>
          <Input id="g-fire" inputMode="numeric" value={fireAfter} onChange={(e) => setFireAfter(e.target.value)} />
        </Field>
        <Field id="g-resolve" label="Resolve after M good runs" error={errors.resolveAfter}>
          <Input id="g-resolve" inputMode="numeric" value={resolveAfter} onChange={(e) => setResolveAfter(e.target.value)} />
        </Field>
      </div>
      <Checkbox label="Fire only when the breach is statistically clear (the confidence interval is past the line)" checked={significance} onChange={(e) => setSignificance(e.target.checked)} />
      {runbooks.length > 0 && (
        <fieldset>
          <legend className="mb-1 text-xs font-medium text-zinc-700">Runbooks shown in its incidents</legend>
          <div className="flex flex-wrap gap-3">
            {runbooks.map((r) => (
              <Checkbox key={r.id} label={r.title} checked={runbookIds.includes(r.id)} onChange={(e) => setRunbookIds((ids) => (e.target.checked ? [...ids, r.id] : ids.filter((x) => x !== r.id)))} />
            ))}
          </div>
        </fieldset>
      )}
      <div className="grid gap-3 sm:grid-cols-3">
        <Field id="g-rollback" label="Red line: rollback" error={errors.rollbackMode}>
          <Select id="g-rollback" value={rollbackMode} onChange={(e) => setRollbackMode(e.target.value as typeof rollbackMode)}>
            <option value="off">no rollback</option>
            <option value="dry_run">dry run (record only)</option>
            <option value="confirm">an editor confirms</option>
            <option value="automatic">automatic</option>
          </Select>
        </Field>
        {rollbackMode !== "off" && (
          <>
            <Field id="g-url" label="Deployment system URL" error={errors.rollbackUrl}>
              <Input id="g-url" value={rollbackUrl} onChange={(e) => setRollbackUrl(e.target.value)} invalid={Boolean(errors.rollbackUrl)} placeholder="https://deploy.internal/rollback" />
            </Field>
            <Field id="g-secret" label="Signing secret" hint="Shown never again" error={errors.rollbackSecret}>
              <Input id="g-secret" type="password" autoComplete="off" value={rollbackSecret} onChange={(e) => setRollbackSecret(e.target.value)} invalid={Boolean(errors.rollbackSecret)} />
            </Field>
          </>
        )}
      </div>
      <div className="flex gap-2">
        <Button type="submit" busy={create.isPending} data-testid="save-guardrail">
          Save guardrail
        </Button>
        <Button type="button" variant="ghost" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
