"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";
import { useTRPC } from "@/app/_trpc/client";
import { fieldErrorsOf, focusFirstError, messageOf } from "@/app/_trpc/errors";
import { Badge } from "@/app/_components/ui/badge";
import { Button } from "@/app/_components/ui/button";
import { cx } from "@/app/_components/ui/cx";
import { FieldError } from "@/app/_components/ui/field-error";
import { Input, Select } from "@/app/_components/ui/input";
import { DataTable, type Column } from "@/app/_components/ui/table";
import { useToast } from "@/app/_components/ui/toast";

/** A contract feature as the model page reads it, and as `model.setContract` takes it: inferred from the contract schema. */
export type Feature = inferRouterOutputs<AppRouter>["model"]["get"]["features"][number];
type FeatureType = Feature["type"];
type FeaturePayload = inferRouterInputs<AppRouter>["model"]["setContract"]["features"][number];

/** Every feature type, in picker order; a Record so the compiler notices a type added to the schema. */
const TYPE_OPTIONS: Record<FeatureType, true> = { numeric: true, categorical: true, boolean: true, text: true };
const TYPES = Object.keys(TYPE_OPTIONS) as FeatureType[];

interface Row {
  id: number;
  name: string;
  type: FeatureType;
  key: boolean;
  nullable: boolean;
  min: string;
  max: string;
  categories: string;
}

let nextRowId = 1;
const toRow = (f: Feature): Row => ({
  id: nextRowId++,
  name: f.name,
  type: f.type,
  key: f.key,
  nullable: f.nullable,
  min: f.min == null ? "" : String(f.min),
  max: f.max == null ? "" : String(f.max),
  categories: (f.categories ?? []).join(", "),
});

function range(f: Feature) {
  if (f.type !== "numeric" || (f.min == null && f.max == null)) return null;
  return `${f.min ?? "−∞"} … ${f.max ?? "∞"}`;
}

/** One field of a contract row: its label shows above the first row only (on wide screens the rows line up under it). */
function RowField({ id, label, first, error, className, children }: { id: string; label: string; first: boolean; error?: string; className?: string; children: React.ReactNode }) {
  return (
    <div className={className}>
      <label htmlFor={id} className={cx("mb-1 block text-xs font-medium text-zinc-600", !first && "sm:sr-only")}>
        {label}
      </label>
      {children}
      <FieldError message={error} />
    </div>
  );
}

/** The contract as a table: type, key and nullability, the allowed range or categories. */
const COLUMNS: Column<Feature>[] = [
  { key: "feature", header: "Feature", render: (f) => <span className="font-mono text-xs text-zinc-900">{f.name}</span> },
  { key: "type", header: "Type", render: (f) => <span className="text-zinc-700">{f.type}</span> },
  { key: "key", header: "Key", render: (f) => (f.key ? <Badge tone="info">key</Badge> : <span className="text-zinc-500">—</span>) },
  { key: "nullable", header: "Nullable", render: (f) => <span className="text-zinc-700">{f.nullable ? "yes" : "no"}</span> },
  {
    key: "allowed",
    header: "Allowed values",
    className: "min-w-56",
    render: (f) =>
      range(f) ? (
        <span className="text-xs text-zinc-600 tabular-nums">{range(f)}</span>
      ) : f.categories?.length ? (
        <span className="flex max-w-md flex-wrap gap-1 text-xs">
          {f.categories.map((c) => (
            <Badge key={c}>{c}</Badge>
          ))}
        </span>
      ) : (
        <span className="text-xs text-zinc-500">any</span>
      ),
  },
];

export function ContractPanel({ workspaceSlug, slug, editor, features }: { workspaceSlug: string; slug: string; editor: boolean; features: Feature[] }) {
  const [editing, setEditing] = useState(false);
  if (editing) return <ContractEditor workspaceSlug={workspaceSlug} slug={slug} features={features} onDone={() => setEditing(false)} />;
  return (
    <>
      {features.length === 0 ? (
        <p className="text-sm text-zinc-500">No feature contract yet.</p>
      ) : (
        <DataTable flush="top" testId="contract-table" rows={features} rowKey={(f) => f.name} columns={COLUMNS} />
      )}
      {editor && (
        <div className="mt-3">
          <Button variant="secondary" size="sm" onClick={() => setEditing(true)}>
            {features.length ? "Edit contract" : "Define contract"}
          </Button>
        </div>
      )}
    </>
  );
}

function ContractEditor({ workspaceSlug, slug, features, onDone }: { workspaceSlug: string; slug: string; features: Feature[]; onDone: () => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const toast = useToast();
  const formRef = useRef<HTMLFormElement>(null);
  const [rows, setRows] = useState<Row[]>(() => (features.length ? features.map(toRow) : [toRow(blank())]));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const mutation = useMutation(
    trpc.model.setContract.mutationOptions({
      onSuccess: (data) => {
        toast.show(`Feature contract saved (${data.count} features).`);
        router.refresh();
        onDone();
      },
      onError: (error) => {
        const fields = fieldErrorsOf(error);
        setErrors(fields);
        setFormError(messageOf(error));
        requestAnimationFrame(() => focusFirstError(formRef.current, fields));
      },
    }),
  );

  const update = (id: number, patch: Partial<Row>) => setRows((all) => all.map((r) => (r.id === id ? { ...r, ...patch } : r)));

  function submit(e: React.FormEvent) {
    e.preventDefault();
    const local: Record<string, string> = {};
    const payload = rows.map((r, i): FeaturePayload => {
      const num = (v: string, field: string) => {
        if (v.trim() === "") return null;
        const n = Number(v);
        if (!Number.isFinite(n)) local[`features.${i}.${field}`] = "Enter a number";
        return n;
      };
      if (!r.name.trim()) local[`features.${i}.name`] = "Feature name is required";
      return {
        name: r.name.trim(),
        type: r.type,
        key: r.key,
        nullable: r.nullable,
        min: r.type === "numeric" ? num(r.min, "min") : null,
        max: r.type === "numeric" ? num(r.max, "max") : null,
        categories:
          r.type === "categorical"
            ? r.categories
                .split(",")
                .map((c) => c.trim())
                .filter(Boolean)
            : null,
      };
    });
    setErrors(local);
    setFormError(null);
    if (Object.keys(local).length) return focusFirstError(formRef.current, local);
    mutation.mutate({ workspaceSlug, slug, features: payload });
  }

  const err = (i: number, f: string) => errors[`features.${i}.${f}`];
  return (
    <form ref={formRef} onSubmit={submit} className="space-y-3" aria-label="Edit feature contract">
      {formError && !Object.keys(errors).length && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {formError}
        </p>
      )}
      <div className="space-y-2">
        {rows.map((r, i) => (
          <fieldset key={r.id} className="grid grid-cols-2 gap-2 rounded-md border border-zinc-200 p-2 sm:grid-cols-12 sm:items-start sm:border-0 sm:p-0">
            <legend className="sr-only">Feature {i + 1}</legend>
            <RowField id={`f-${r.id}-name`} label="Name" first={i === 0} error={err(i, "name")} className="col-span-2 sm:col-span-3">
              <Input
                id={`f-${r.id}-name`}
                data-field={`features.${i}.name`}
                value={r.name}
                onChange={(e) => update(r.id, { name: e.target.value })}
                invalid={Boolean(err(i, "name"))}
                className="h-8 font-mono text-xs"
                placeholder="feature_name"
              />
            </RowField>
            <RowField id={`f-${r.id}-type`} label="Type" first={i === 0} className="sm:col-span-2">
              <Select id={`f-${r.id}-type`} data-field={`features.${i}.type`} value={r.type} onChange={(e) => update(r.id, { type: e.target.value as FeatureType })} className="h-8 text-xs" options={TYPES} />
            </RowField>
            <div className="flex items-center gap-3 sm:col-span-2 sm:pt-1">
              {i === 0 && <span className="sr-only">Flags</span>}
              <label className={`inline-flex items-center gap-1 text-xs text-zinc-700 ${i === 0 ? "sm:mt-5" : ""}`}>
                <input type="checkbox" className="accent-zinc-900" checked={r.key} onChange={(e) => update(r.id, { key: e.target.checked })} /> key
              </label>
              <label className={`inline-flex items-center gap-1 text-xs text-zinc-700 ${i === 0 ? "sm:mt-5" : ""}`}>
                <input type="checkbox" className="accent-zinc-900" checked={r.nullable} onChange={(e) => update(r.id, { nullable: e.target.checked })} /> nullable
              </label>
            </div>
            <div className="col-span-2 sm:col-span-4">
              {r.type === "numeric" ? (
                <div className="grid grid-cols-2 gap-2">
                  {(["min", "max"] as const).map((bound) => (
                    <RowField key={bound} id={`f-${r.id}-${bound}`} label={bound === "min" ? "Min" : "Max"} first={i === 0} error={err(i, bound)}>
                      <Input
                        id={`f-${r.id}-${bound}`}
                        data-field={`features.${i}.${bound}`}
                        inputMode="decimal"
                        value={r[bound]}
                        onChange={(e) => update(r.id, { [bound]: e.target.value })}
                        invalid={Boolean(err(i, bound))}
                        className="h-8 text-xs tabular-nums"
                        placeholder={bound}
                      />
                    </RowField>
                  ))}
                </div>
              ) : r.type === "categorical" ? (
                <RowField id={`f-${r.id}-cats`} label="Categories" first={i === 0} error={err(i, "categories")}>
                  <Input id={`f-${r.id}-cats`} data-field={`features.${i}.categories`} value={r.categories} onChange={(e) => update(r.id, { categories: e.target.value })} invalid={Boolean(err(i, "categories"))} className="h-8 text-xs" placeholder="a, b, c (empty = any)" />
                </RowField>
              ) : (
                <p className={`text-xs text-zinc-500 ${i === 0 ? "sm:mt-6" : "sm:mt-1.5"}`}>No range for {r.type} features.</p>
              )}
            </div>
            <div className="col-span-2 flex justify-end sm:col-span-1">
              <Button
                variant="ghost"
                size="sm"
                className={i === 0 ? "sm:mt-5" : ""}
                aria-label={`Remove feature ${r.name || i + 1}`}
                onClick={() => setRows((all) => all.filter((x) => x.id !== r.id))}
              >
                Remove
              </Button>
            </div>
          </fieldset>
        ))}
      </div>
      <div className="flex flex-wrap items-center justify-between gap-2 border-t border-zinc-100 pt-3">
        <Button variant="secondary" size="sm" onClick={() => setRows((all) => [...all, toRow(blank())])}>
          Add feature
        </Button>
        <div className="flex gap-2">
          <Button variant="ghost" onClick={onDone} disabled={mutation.isPending}>
            Cancel
          </Button>
          <Button type="submit" busy={mutation.isPending}>
            Save contract
          </Button>
        </div>
      </div>
    </form>
  );
}

function blank(): Feature {
  return { name: "", type: "numeric", key: false, nullable: true, min: null, max: null, categories: null };
}
