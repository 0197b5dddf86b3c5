"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { useTRPC } from "@/app/_trpc/client";
import { fieldErrorsOf, focusFirstError, isInputValidationError, messageOf } from "@/app/_trpc/errors";
import { Button, ButtonLink } from "@/app/_components/ui/button";
import { FieldError } from "@/app/_components/ui/field-error";
import { Checkbox, Field, Input, Select, Textarea } from "@/app/_components/ui/input";
import { useToast } from "@/app/_components/ui/toast";
import { formatUnitCost, parseUsdInput } from "@/server/format/money";
import type { inferRouterInputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";
import { STAGE_OPTIONS, TASK_OPTIONS } from "./query";

type Task = (typeof TASK_OPTIONS)[number];
type Stage = (typeof STAGE_OPTIONS)[number];

/** The fields of `model.create` (every one filled in, versions apart); money amounts are null when not set. */
export type ModelFormValues = Required<Omit<inferRouterInputs<AppRouter>["model"]["create"], "workspaceSlug" | "versions" | MoneyKey>> & Record<MoneyKey, number | null>;

type MoneyKey = "valuePerCorrectUsd" | "costPerErrorUsd";
const MONEY_FIELDS: { key: MoneyKey; label: string; unit: string; hint: string }[] = [
  { key: "valuePerCorrectUsd", label: "Value per correct prediction (USD)", unit: "correct prediction", hint: "What one right answer is worth, from the business metric." },
  { key: "costPerErrorUsd", label: "Cost per error (USD)", unit: "error", hint: "What one wrong answer costs (a missed fraud, a misrouted ticket)." },
];

interface SloRow {
  id: number;
  name: string;
  metric: string;
  op: "<=" | ">=";
  target: string;
  unit: string;
  /** where the objective holds: all traffic, or every cohort */
  cohorts: "all" | "each";
  /** kept as stored (no field for it here) */
  notebookId?: string;
}
interface VersionRow {
  id: number;
  label: string;
  stage: Stage;
}

let rowId = 1;
const EMPTY: ModelFormValues = {
  slug: "",
  name: "",
  description: "",
  task: "binary",
  ownerTeam: "",
  onCall: "",
  endpoint: "",
  businessMetric: "",
  tags: [],
  slos: [],
  requireKnownVersion: false,
  valuePerCorrectUsd: null,
  costPerErrorUsd: null,
  retentionDays: null,
};

/** Suggests a slug from the name while the slug field has not been typed in. */
function slugify(name: string) {
  return name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 64)
    .replace(/-+$/g, "");
}

/**
 * Create and edit forms for a model (every field of DESIGN §2). Validation is the server's: its
 * `data.fields` land next to each field, and the first errored field gets focus.
 */
export function ModelForm({ workspaceSlug, mode, initial }: { workspaceSlug: string; mode: "create" | "edit"; initial?: ModelFormValues }) {
  const trpc = useTRPC();
  const router = useRouter();
  const toast = useToast();
  const formRef = useRef<HTMLFormElement>(null);
  const start = initial ?? EMPTY;

  const [v, setV] = useState({
    slug: start.slug,
    name: start.name,
    description: start.description,
    task: start.task,
    ownerTeam: start.ownerTeam,
    onCall: start.onCall,
    endpoint: start.endpoint,
    businessMetric: start.businessMetric,
    tags: start.tags.join(", "),
    requireKnownVersion: start.requireKnownVersion,
    valuePerCorrectUsd: start.valuePerCorrectUsd === null ? "" : String(start.valuePerCorrectUsd),
    costPerErrorUsd: start.costPerErrorUsd === null ? "" : String(start.costPerErrorUsd),
    retentionDays: start.retentionDays == null ? "" : String(start.retentionDays),
  });
  const [slugTouched, setSlugTouched] = useState(mode === "edit");
  const [slos, setSlos] = useState<SloRow[]>(() =>
    start.slos.map((s) => ({ id: rowId++, name: s.name, metric: s.metric, op: s.op, target: String(s.target), unit: s.unit ?? "", cohorts: s.cohorts ?? "all", ...(s.notebookId ? { notebookId: s.notebookId } : {}) })),
  );
  const [versions, setVersions] = useState<VersionRow[]>(() => (mode === "create" ? [{ id: rowId++, label: "v1", stage: "production" }] : []));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const set = <K extends keyof typeof v>(key: K, value: (typeof v)[K]) => setV((old) => ({ ...old, [key]: value }));
  const base = `/w/${workspaceSlug}/models`;

  const onError = (error: unknown) => {
    const raw = fieldErrorsOf(error);
    // Field paths from the server: "slug", "tags.2", "slos.0.target", "versions", "versions.1.label".
    const mapped: Record<string, string> = {};
    for (const [k, msg] of Object.entries(raw)) {
      const field = k.replace(/^data\./, "");
      const key = field.startsWith("tags.") ? "tags" : field;
      mapped[key] ??= msg;
    }
    setErrors(mapped);
    const message = messageOf(error);
    const hasFields = Object.keys(mapped).length > 0;
    // Zod input errors carry a JSON message: the inline errors say it better then.
    setFormError(hasFields && isInputValidationError(error) ? "Fix the highlighted fields." : message);
    requestAnimationFrame(() => focusFirstError(formRef.current, mapped));
  };

  const create = useMutation(
    trpc.model.create.mutationOptions({
      onSuccess: (model) => {
        toast.show(`Model ${model.slug} created.`);
        router.push(`${base}/${model.slug}`);
        router.refresh();
      },
      onError,
    }),
  );
  const update = useMutation(
    trpc.model.update.mutationOptions({
      onSuccess: () => {
        toast.show("Changes saved.");
        router.push(`${base}/${start.slug}`);
        router.refresh();
      },
      onError,
    }),
  );
  const pending = create.isPending || update.isPending;

  function submit(e: React.FormEvent) {
    e.preventDefault();
    // Only the checks a browser cannot leave to the server: numbers that are not numbers.
    const local: Record<string, string> = {};
    const sloPayload = slos.map((s, i) => {
      const target = Number(s.target);
      if (s.target.trim() === "" || !Number.isFinite(target)) local[`slos.${i}.target`] = "Enter a number";
      return { name: s.name.trim(), metric: s.metric.trim(), op: s.op, target, ...(s.unit.trim() ? { unit: s.unit.trim() } : {}), cohorts: s.cohorts, ...(s.notebookId ? { notebookId: s.notebookId } : {}) };
    });
    const money: Partial<Record<MoneyKey, number | null>> = {};
    for (const f of MONEY_FIELDS) {
      const parsed = parseUsdInput(v[f.key], f.label.replace(" (USD)", ""));
      if ("error" in parsed) local[f.key] = parsed.error;
      else money[f.key] = parsed.value;
    }
    const retentionText = v.retentionDays.trim();
    if (retentionText && !/^\d+$/.test(retentionText)) local.retentionDays = "Retention must be a whole number of days, e.g. 90 (empty keeps predictions forever)";
    if (Object.keys(local).length) {
      setErrors(local);
      setFormError("Fix the highlighted fields.");
      return focusFirstError(formRef.current, local);
    }
    setErrors({});
    setFormError(null);
    const fields = {
      name: v.name,
      description: v.description,
      task: v.task,
      ownerTeam: v.ownerTeam,
      onCall: v.onCall,
      endpoint: v.endpoint,
      businessMetric: v.businessMetric,
      tags: v.tags
        .split(",")
        .map((t) => t.trim())
        .filter(Boolean),
      slos: sloPayload,
      requireKnownVersion: v.requireKnownVersion,
      ...money,
      retentionDays: retentionText ? Number(retentionText) : null,
    };
    if (mode === "create") {
      create.mutate({
        workspaceSlug,
        slug: v.slug.trim(),
        ...fields,
        versions: versions.filter((r) => r.label.trim()).map((r) => ({ label: r.label.trim(), stage: r.stage })),
      });
    } else {
      update.mutate({ workspaceSlug, slug: start.slug, data: fields });
    }
  }

  const text = (key: "name" | "ownerTeam" | "onCall" | "endpoint" | "businessMetric", label: string, opts: { required?: boolean; hint?: string; placeholder?: string } = {}) => (
    <Field id={`model-${key}`} label={label} required={opts.required} hint={opts.hint} error={errors[key]}>
      <Input
        id={`model-${key}`}
        data-field={key}
        value={v[key]}
        placeholder={opts.placeholder}
        onChange={(e) => {
          set(key, e.target.value);
          if (key === "name" && !slugTouched) set("slug", slugify(e.target.value));
        }}
        invalid={Boolean(errors[key])}
        aria-describedby={errors[key] ? `model-${key}-error` : undefined}
      />
    </Field>
  );

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="space-y-5" aria-label={mode === "create" ? "Create model" : "Edit model"}>
      {formError && (
        <div role="alert" data-testid="form-error" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {formError}
        </div>
      )}

      <fieldset className="min-w-0 rounded-lg border border-zinc-200 bg-white p-4">
        <legend className="px-1 text-sm font-semibold text-zinc-900">Identity</legend>
        <div className="grid gap-4 sm:grid-cols-2">
          {text("name", "Name", { required: true, placeholder: "Card fraud risk score" })}
          <Field
            id="model-slug"
            label="Slug"
            required={mode === "create"}
            hint={mode === "create" ? "Lowercase letters, digits and hyphens. Used in URLs and the API; cannot change later." : "The slug cannot change."}
            error={errors.slug}
          >
            <Input
              id="model-slug"
              data-field="slug"
              value={v.slug}
              readOnly={mode === "edit"}
              disabled={mode === "edit"}
              onChange={(e) => {
                setSlugTouched(true);
                set("slug", e.target.value);
              }}
              invalid={Boolean(errors.slug)}
              className="font-mono"
              placeholder="fraud-risk"
              aria-describedby={errors.slug ? "model-slug-error" : undefined}
            />
          </Field>
          <Field id="model-task" label="Task" required error={errors.task}>
            <Select id="model-task" data-field="task" value={v.task} onChange={(e) => set("task", e.target.value as Task)} invalid={Boolean(errors.task)} options={TASK_OPTIONS} />
          </Field>
          <Field id="model-tags" label="Tags" hint="Comma-separated, e.g. payments, tier-1" error={errors.tags}>
            <Input id="model-tags" data-field="tags" value={v.tags} onChange={(e) => set("tags", e.target.value)} invalid={Boolean(errors.tags)} placeholder="payments, tier-1" />
          </Field>
          <Field id="model-description" label="Description" className="sm:col-span-2" error={errors.description}>
            <Textarea
              id="model-description"
              data-field="description"
              rows={3}
              value={v.description}
              onChange={(e) => set("description", e.target.value)}
              invalid={Boolean(errors.description)}
              placeholder="What the model decides, for whom, and where its features come from."
            />
          </Field>
        </div>
      </fieldset>

      <fieldset className="min-w-0 rounded-lg border border-zinc-200 bg-white p-4">
        <legend className="px-1 text-sm font-semibold text-zinc-900">Ownership & service</legend>
        <div className="grid gap-4 sm:grid-cols-2">
          {text("ownerTeam", "Owner team", { required: true, placeholder: "Risk ML" })}
          {text("onCall", "On-call contact", { required: true, placeholder: "risk-ml-oncall@acme.example", hint: "An email, pager alias or channel." })}
          {text("endpoint", "Endpoint / service", { placeholder: "risk-scoring-svc POST /v2/score" })}
          {text("businessMetric", "Primary business metric", { placeholder: "Fraud losses prevented (USD per week)" })}
          <div className="sm:col-span-2">
            <Checkbox
              label="Reject predictions from unknown versions"
              checked={v.requireKnownVersion}
              onChange={(e) => set("requireKnownVersion", e.target.checked)}
              data-field="requireKnownVersion"
            />
            <p className="mt-1 ml-6 text-xs text-zinc-500">When on, ingest rejects a prediction whose version is not listed below.</p>
          </div>
          <Field
            id="model-retentionDays"
            label="Keep raw predictions for (days)"
            hint="Empty keeps them forever. Older predictions and their labels are deleted by the hourly storage job (audited); the traffic, label coverage and data-quality history on this page stays."
            error={errors.retentionDays}
          >
            <Input
              id="model-retentionDays"
              data-field="retentionDays"
              inputMode="numeric"
              value={v.retentionDays}
              onChange={(e) => set("retentionDays", e.target.value)}
              invalid={Boolean(errors.retentionDays)}
              placeholder="e.g. 90"
              className="tabular-nums"
              aria-describedby={errors.retentionDays ? "model-retentionDays-error" : undefined}
            />
          </Field>
        </div>
      </fieldset>

      <fieldset className="min-w-0 rounded-lg border border-zinc-200 bg-white p-4" data-testid="economics">
        <legend className="px-1 text-sm font-semibold text-zinc-900">Economics</legend>
        <p className="mb-3 text-xs text-zinc-500">Optional. With either set, comparisons report the net value per 1,000 requests of each version and of the switch. Leave empty when unknown.</p>
        <div className="grid gap-4 sm:grid-cols-2">
          {MONEY_FIELDS.map((f) => {
            const id = `model-${f.key}`;
            const parsed = parseUsdInput(v[f.key], f.label);
            const reads = "value" in parsed && parsed.value !== null ? `Reads as ${formatUnitCost(parsed.value, f.unit)}.` : null;
            return (
              <Field key={f.key} id={id} label={f.label} hint={reads ? `${f.hint} ${reads}` : f.hint} error={errors[f.key]}>
                <Input
                  id={id}
                  data-field={f.key}
                  inputMode="decimal"
                  value={v[f.key]}
                  onChange={(e) => set(f.key, e.target.value)}
                  invalid={Boolean(errors[f.key])}
                  placeholder="e.g. 0.30"
                  className="tabular-nums"
                  aria-describedby={errors[f.key] ? `${id}-error` : undefined}
                />
              </Field>
            );
          })}
        </div>
      </fieldset>

      <fieldset className="min-w-0 rounded-lg border border-zinc-200 bg-white p-4">
        <legend className="px-1 text-sm font-semibold text-zinc-900">Service level objectives</legend>
        {slos.length === 0 && <p className="mb-3 text-sm text-zinc-500">No SLOs. Add one for each promise the model makes, e.g. “AUC ≥ 0.85”.</p>}
        <div className="space-y-2">
          {slos.map((s, i) => {
            const e = (f: string) => errors[`slos.${i}.${f}`];
            const upd = (patch: Partial<SloRow>) => setSlos((all) => all.map((x) => (x.id === s.id ? { ...x, ...patch } : x)));
            const lbl = (htmlFor: string, t: string) => (
              <label htmlFor={htmlFor} className={i === 0 ? "mb-1 block text-xs font-medium text-zinc-600" : "mb-1 block text-xs font-medium text-zinc-600 sm:sr-only"}>
                {t}
              </label>
            );
            return (
              <fieldset key={s.id} className="grid grid-cols-6 gap-2 rounded-md border border-zinc-200 p-2 sm:grid-cols-12 sm:border-0 sm:p-0" data-testid="slo-row">
                <legend className="sr-only">SLO {i + 1}</legend>
                <div className="col-span-6 sm:col-span-2">
                  {lbl(`slo-${s.id}-name`, "Objective")}
                  <Input id={`slo-${s.id}-name`} data-field={`slos.${i}.name`} value={s.name} onChange={(ev) => upd({ name: ev.target.value })} invalid={Boolean(e("name"))} placeholder="p95 latency ≤ 120 ms" className="h-8 text-xs" />
                  <FieldError message={e("name")} />
                </div>
                <div className="col-span-3 sm:col-span-2">
                  {lbl(`slo-${s.id}-metric`, "Metric")}
                  <Input id={`slo-${s.id}-metric`} data-field={`slos.${i}.metric`} value={s.metric} onChange={(ev) => upd({ metric: ev.target.value })} invalid={Boolean(e("metric"))} placeholder="p95_latency_ms" className="h-8 font-mono text-xs" />
                  <FieldError message={e("metric")} />
                </div>
                <div className="col-span-3 sm:col-span-2">
                  {lbl(`slo-${s.id}-scope`, "Holds for")}
                  <Select id={`slo-${s.id}-scope`} data-field={`slos.${i}.cohorts`} value={s.cohorts} onChange={(ev) => upd({ cohorts: ev.target.value as "all" | "each" })} className="h-8 text-xs">
                    <option value="all">all traffic</option>
                    <option value="each">every cohort</option>
                  </Select>
                </div>
                <div className="col-span-2 sm:col-span-2">
                  {lbl(`slo-${s.id}-op`, "Op")}
                  <Select id={`slo-${s.id}-op`} data-field={`slos.${i}.op`} value={s.op} onChange={(ev) => upd({ op: ev.target.value as "<=" | ">=" })} className="h-8 text-xs">
                    <option value="<=">≤</option>
                    <option value=">=">≥</option>
                  </Select>
                </div>
                <div className="col-span-2 sm:col-span-2">
                  {lbl(`slo-${s.id}-target`, "Target")}
                  <Input id={`slo-${s.id}-target`} data-field={`slos.${i}.target`} inputMode="decimal" value={s.target} onChange={(ev) => upd({ target: ev.target.value })} invalid={Boolean(e("target"))} placeholder="120" className="h-8 text-xs tabular-nums" />
                  <FieldError message={e("target")} />
                </div>
                <div className="col-span-1 sm:col-span-1">
                  {lbl(`slo-${s.id}-unit`, "Unit")}
                  <Input id={`slo-${s.id}-unit`} data-field={`slos.${i}.unit`} value={s.unit} onChange={(ev) => upd({ unit: ev.target.value })} placeholder="ms" className="h-8 text-xs" />
                </div>
                <div className="col-span-1 flex items-start justify-end sm:col-span-1">
                  <Button variant="ghost" size="sm" className={i === 0 ? "sm:mt-5" : ""} aria-label={`Remove SLO ${s.name || i + 1}`} onClick={() => setSlos((all) => all.filter((x) => x.id !== s.id))}>
                    ✕
                  </Button>
                </div>
              </fieldset>
            );
          })}
        </div>
        <FieldError message={errors.slos} />
        <Button variant="secondary" size="sm" className="mt-3" onClick={() => setSlos((all) => [...all, { id: rowId++, name: "", metric: "", op: ">=", target: "", unit: "", cohorts: "all" }])}>
          Add SLO
        </Button>
      </fieldset>

      {mode === "create" && (
        <fieldset className="min-w-0 rounded-lg border border-zinc-200 bg-white p-4">
          <legend className="px-1 text-sm font-semibold text-zinc-900">Initial versions</legend>
          <p className="mb-3 text-xs text-zinc-500">At most one version can be in production. Add more versions later from the model page.</p>
          <div className="space-y-2">
            {versions.map((r, i) => (
              <div key={r.id} className="flex items-start gap-2" data-testid="version-row">
                <div className="w-40">
                  <label htmlFor={`ver-${r.id}-label`} className="sr-only">
                    Version {i + 1} label
                  </label>
                  <Input
                    id={`ver-${r.id}-label`}
                    data-field={i === 0 ? "versions" : `versions.${i}.label`}
                    value={r.label}
                    onChange={(e) => setVersions((all) => all.map((x) => (x.id === r.id ? { ...x, label: e.target.value } : x)))}
                    invalid={Boolean(errors[`versions.${i}.label`] || errors.versions)}
                    placeholder="v1"
                    className="h-8 font-mono text-xs"
                  />
                  <FieldError message={errors[`versions.${i}.label`]} />
                </div>
                <label htmlFor={`ver-${r.id}-stage`} className="sr-only">
                  Version {i + 1} stage
                </label>
                <Select
                  id={`ver-${r.id}-stage`}
                  value={r.stage}
                  onChange={(e) => setVersions((all) => all.map((x) => (x.id === r.id ? { ...x, stage: e.target.value as Stage } : x)))}
                  className="h-8 w-36 text-xs"
                  invalid={Boolean(errors.versions)}
                  options={STAGE_OPTIONS}
                />
                <Button variant="ghost" size="sm" aria-label={`Remove version ${r.label || i + 1}`} onClick={() => setVersions((all) => all.filter((x) => x.id !== r.id))}>
                  ✕
                </Button>
              </div>
            ))}
          </div>
          <FieldError id="versions-error" message={errors.versions} />
          <Button variant="secondary" size="sm" className="mt-3" onClick={() => setVersions((all) => [...all, { id: rowId++, label: "", stage: "candidate" }])}>
            Add version
          </Button>
        </fieldset>
      )}

      <div className="sticky bottom-0 -mx-4 flex items-center justify-end gap-2 border-t border-zinc-200 bg-zinc-50/95 px-4 py-3 backdrop-blur sm:static sm:mx-0 sm:border-0 sm:bg-transparent sm:px-0">
        <ButtonLink href={mode === "create" ? base : `${base}/${start.slug}`} variant="ghost">
          Cancel
        </ButtonLink>
        <Button type="submit" busy={pending}>
          {pending ? "Saving…" : mode === "create" ? "Create model" : "Save changes"}
        </Button>
      </div>
    </form>
  );
}
