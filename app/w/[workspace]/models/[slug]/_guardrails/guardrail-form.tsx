"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";
import { useTRPC } from "@/app/_trpc/client";
import { fieldErrorsOf, isInputValidationError, messageOf } from "@/app/_trpc/errors";
import { Button } from "@/app/_components/ui/button";
import { Checkbox, Field, Input, Select, Suggestions } from "@/app/_components/ui/input";
import { useToast } from "@/app/_components/ui/toast";

export interface Prefill {
  notebookId?: string;
  cellId?: string;
  metric?: string;
  column?: string;
}

type Listed = inferRouterOutputs<AppRouter>["guardrail"]["list"]["guardrails"][number];
type RuleField = Exclude<keyof inferRouterInputs<AppRouter>["guardrail"]["create"]["guardrail"], "rollbackSecret">;
/** A stored guardrail being edited (from the list's row): every field of the rule, the secret only as a flag. */
export type EditableGuardrail = Pick<Listed, "id" | "hasRollbackSecret" | RuleField>;

type NotebookOption = { id: string; title: string; cells: { id: string; title: string; pluginId: string }[] };

const OPS = [">", ">=", "<", "<="] as const;
const num = (s: string) => (s.trim() === "" ? null : Number(s));

/**
 * Adds a guardrail, or edits one (`initial`: the form opens filled in, saves with guardrail.update,
 * and keeps the fields it does not show — flap window, rollback timeout — as stored). Opened from "+" next to a metric (prefilled from the URL) or with "Add guardrail".
 * The server validates against the notebook (metric exists, operator fits, warn before fail) and
 * answers per field; those errors show under their fields.
 */
export function GuardrailForm({
  workspaceSlug,
  modelSlug,
  notebooks,
  runbooks,
  prefill,
  initial,
  onClose,
}: {
  workspaceSlug: string;
  modelSlug: string;
  notebooks: NotebookOption[];
  runbooks: { id: string; title: string }[];
  prefill: Prefill | null;
  initial?: EditableGuardrail;
  onClose?: () => void;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const toast = useToast();
  const p = initial ? `g-${initial.id}-` : "g-";
  const [open, setOpenState] = useState(Boolean(prefill) || Boolean(initial));
  const setOpen = (value: boolean) => {
    setOpenState(value);
    if (!value) onClose?.();
  };
  const firstNb = notebooks.find((n) => n.id === (initial?.notebookId ?? prefill?.notebookId)) ?? notebooks.find((n) => n.cells.length);
  const [notebookId, setNotebookId] = useState(firstNb?.id ?? "");
  const nb = notebooks.find((n) => n.id === notebookId);
  const [cellId, setCellId] = useState(initial?.cellId ?? prefill?.cellId ?? firstNb?.cells[0]?.id ?? "");
  const [metric, setMetric] = useState(initial?.metric ?? prefill?.metric ?? "");
  const [column, setColumn] = useState(initial ? (initial.column ?? "") : (prefill?.column ?? ""));
  const [name, setName] = useState(initial?.name ?? (prefill?.metric ? `${prefill.metric}${prefill.column && prefill.column !== "*" ? ` on ${prefill.column}` : ""}` : ""));
  const [cohortMode, setCohortMode] = useState<"all" | "each">(initial?.cohortMode === "each" ? "each" : "all");
  const [op, setOp] = useState<(typeof OPS)[number]>(OPS.find((o) => o === initial?.op) ?? ">");
  const [warn, setWarn] = useState(initial?.warn == null ? "" : String(initial.warn));
  const [fail, setFail] = useState(initial ? String(initial.fail) : "");
  const [severity, setSeverity] = useState<"info" | "warning" | "critical">(initial?.severity === "info" || initial?.severity === "critical" ? initial.severity : "warning");
  const [minSamples, setMinSamples] = useState(String(initial?.minSamples ?? 0));
  const [significance, setSignificance] = useState(initial?.requireSignificance ?? false);
  const [fireAfter, setFireAfter] = useState(String(initial?.fireAfter ?? 1));
  const [resolveAfter, setResolveAfter] = useState(String(initial?.resolveAfter ?? 2));
  const [renotify, setRenotify] = useState(initial?.renotifyMinutes == null ? "" : String(initial.renotifyMinutes));
  const [runbookIds, setRunbookIds] = useState<string[]>(initial?.runbookIds ?? []);
  const [rollbackMode, setRollbackMode] = useState<"off" | "dry_run" | "confirm" | "automatic">(
    initial?.rollbackMode === "dry_run" || initial?.rollbackMode === "confirm" || initial?.rollbackMode === "automatic" ? initial.rollbackMode : "off",
  );
  const [rollbackUrl, setRollbackUrl] = useState(initial?.rollbackUrl ?? "");
  const [rollbackSecret, setRollbackSecret] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});

  const options = useQuery({ ...trpc.guardrail.metricOptions.queryOptions({ workspaceSlug, notebookId, cellId }), enabled: Boolean(open && notebookId && cellId) });
  const metricList = column === "" ? (options.data?.cell ?? []) : (options.data?.column ?? []);

  const handlers = {
    onSuccess: (g: { name: string }) => {
      toast.show(initial ? `Guardrail “${g.name}” saved; the change applies from the notebook's next run.` : `Guardrail “${g.name}” added; it is checked after the notebook's next run.`);
      setErrors({});
      setOpen(false);
      router.replace(`/w/${workspaceSlug}/models/${modelSlug}#guardrails`);
      router.refresh();
    },
    onError: (e: Parameters<typeof fieldErrorsOf>[0]) => {
      const fields = fieldErrorsOf(e);
      const mapped = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k.replace(/^guardrail\./, ""), v]));
      setErrors(mapped);
      if (!isInputValidationError(e) || !Object.keys(mapped).length) toast.show(messageOf(e), "error");
    },
  };
  const create = useMutation(trpc.guardrail.create.mutationOptions(handlers));
  const update = useMutation(trpc.guardrail.update.mutationOptions(handlers));
  const saving = create.isPending || update.isPending;

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
    const guardrail = {
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
        renotifyMinutes: renotify.trim() === "" ? null : Number(renotify),
        runbookIds,
        rollbackMode,
        rollbackUrl: rollbackUrl.trim() || null,
        ...(rollbackSecret ? { rollbackSecret } : {}),
    };
    if (!initial) return create.mutate({ workspaceSlug, modelSlug, guardrail });
    const { flapWindow, flapThreshold, paused, rollbackTimeoutSeconds, rollbackCooldownMinutes } = initial;
    update.mutate({ workspaceSlug, id: initial.id, guardrail: { ...guardrail, flapWindow, flapThreshold, paused, rollbackTimeoutSeconds, rollbackCooldownMinutes } });
  }

  return (
    <form onSubmit={submit} className="mt-4 space-y-3 border-t border-zinc-100 pt-4" data-testid="guardrail-form" aria-label={initial ? `Edit ${initial.name}` : "Add a guardrail"}>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <Field id={`${p}name`} label="Name" required error={errors.name} className="sm:col-span-2">
          <Input id={`${p}name`} value={name} onChange={(e) => setName(e.target.value)} invalid={Boolean(errors.name)} />
        </Field>
        <Field id={`${p}notebook`} label="Notebook" error={errors.notebookId}>
          <Select id={`${p}notebook`} value={notebookId} onChange={(e) => { setNotebookId(e.target.value); setCellId(notebooks.find((n) => n.id === e.target.value)?.cells[0]?.id ?? ""); }} options={notebooks.map((n) => ({ value: n.id, label: n.title }))} />
        </Field>
        <Field id={`${p}cell`} label="Evaluator cell" error={errors.cellId}>
          <Select id={`${p}cell`} value={cellId} onChange={(e) => setCellId(e.target.value)} options={(nb?.cells ?? []).map((c) => ({ value: c.id, label: `${c.title} (${c.pluginId})` }))} />
        </Field>
        <Field id={`${p}column`} label="Feature" hint="Cell metric, any feature (the worst counts) or one" error={errors.column}>
          <Select id={`${p}column`} value={column} onChange={(e) => setColumn(e.target.value)} options={options.data?.columns ?? []}>
            <option value="">— the cell's metric —</option>
            <option value="*">any feature</option>
          </Select>
        </Field>
        <Field id={`${p}metric`} label="Metric" required error={errors.metric}>
          <Input id={`${p}metric`} list="g-metric-list" value={metric} onChange={(e) => setMetric(e.target.value)} invalid={Boolean(errors.metric)} />
          <Suggestions id={`${p}metric-list`} values={metricList} />
        </Field>
        <Field id={`${p}cohorts`} label="For">
          <Select id={`${p}cohorts`} value={cohortMode} onChange={(e) => setCohortMode(e.target.value as "all" | "each")}>
            <option value="all">all traffic</option>
            <option value="each">every cohort</option>
          </Select>
        </Field>
        <Field id={`${p}op`} label="Breach when value is" error={errors.op}>
          <Select id={`${p}op`} value={op} onChange={(e) => setOp(e.target.value as (typeof OPS)[number])} invalid={Boolean(errors.op)} options={OPS} />
        </Field>
        <Field id={`${p}warn`} label="Warn line" error={errors.warn}>
          <Input id={`${p}warn`} inputMode="decimal" value={warn} onChange={(e) => setWarn(e.target.value)} invalid={Boolean(errors.warn)} />
        </Field>
        <Field id={`${p}fail`} label="Fail line" required error={errors.fail}>
          <Input id={`${p}fail`} inputMode="decimal" value={fail} onChange={(e) => setFail(e.target.value)} invalid={Boolean(errors.fail)} />
        </Field>
        <Field id={`${p}severity`} label="Severity">
          <Select id={`${p}severity`} value={severity} onChange={(e) => setSeverity(e.target.value as typeof severity)}>
            <option value="info">info</option>
            <option value="warning">warning</option>
            <option value="critical">critical</option>
          </Select>
        </Field>
        <Field id={`${p}min`} label="Minimum sample" hint="Fewer rows: “no data”, no alert" error={errors.minSamples}>
          <Input id={`${p}min`} inputMode="numeric" value={minSamples} onChange={(e) => setMinSamples(e.target.value)} />
        </Field>
        <Field id={`${p}fire`} label="Fire after N breaching runs" error={errors.fireAfter}>
          <Input id={`${p}fire`} inputMode="numeric" value={fireAfter} onChange={(e) => setFireAfter(e.target.value)} />
        </Field>
        <Field id={`${p}resolve`} label="Resolve after M good runs" error={errors.resolveAfter}>
          <Input id={`${p}resolve`} inputMode="numeric" value={resolveAfter} onChange={(e) => setResolveAfter(e.target.value)} />
        </Field>
        <Field id={`${p}renotify`} label="Remind every (minutes)" hint="While open and not acknowledged; empty: never" error={errors.renotifyMinutes}>
          <Input id={`${p}renotify`} inputMode="numeric" value={renotify} onChange={(e) => setRenotify(e.target.value)} invalid={Boolean(errors.renotifyMinutes)} placeholder="e.g. 60" />
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
        <Field id={`${p}rollback`} label="Red line: rollback" error={errors.rollbackMode}>
          <Select id={`${p}rollback`} value={rollbackMode} onChange={(e) => setRollbackMode(e.target.value as typeof rollbackMode)}>
            <option value="off">no rollback</option>
            <option value="dry_run">dry run (record only)</option>
            <option value="confirm">an editor confirms</option>
            <option value="automatic">automatic</option>
          </Select>
        </Field>
        {rollbackMode !== "off" && (
          <>
            <Field id={`${p}url`} label="Deployment system URL" error={errors.rollbackUrl}>
              <Input id={`${p}url`} value={rollbackUrl} onChange={(e) => setRollbackUrl(e.target.value)} invalid={Boolean(errors.rollbackUrl)} placeholder="https://deploy.internal/rollback" />
            </Field>
            <Field id={`${p}secret`} label="Signing secret" hint={initial?.hasRollbackSecret ? "Stored; leave empty to keep it" : "Shown never again"} error={errors.rollbackSecret}>
              <Input id={`${p}secret`} type="password" autoComplete="off" value={rollbackSecret} onChange={(e) => setRollbackSecret(e.target.value)} invalid={Boolean(errors.rollbackSecret)} />
            </Field>
          </>
        )}
      </div>
      <div className="flex gap-2">
        <Button type="submit" busy={saving} data-testid="save-guardrail">
          Save guardrail
        </Button>
        <Button type="button" variant="ghost" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
