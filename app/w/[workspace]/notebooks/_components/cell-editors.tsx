"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/app/_trpc/client";
import { Checkbox, Field, Input, Options, Select, Suggestions, Textarea } from "@/app/_components/ui/input";
import { CellPreview } from "./cell-preview";
import { SchemaForm } from "./schema-form";
import { SelectionEditor, WindowEditor } from "./selection-editor";
import type { CellView, EvaluatorInfo, NotebookView, Selection } from "./types";

type Model = NotebookView["model"];
type ComputeCell = Extract<CellView, { type: "evaluator" | "comparison" }>;
type ChartCell = Extract<CellView, { type: "chart" }>;
type MarkdownCell = Extract<CellView, { type: "markdown" }>;
const CHART_MARKS: readonly ChartCell["mark"][] = ["auto", "bar", "dot", "line"];
type Side = Extract<CellView, { type: "comparison" }>["a"];

export function MarkdownEditor({ cell, onChange, disabled }: { cell: MarkdownCell; onChange: (c: MarkdownCell) => void; disabled?: boolean }) {
  return (
    <div className="grid gap-3 lg:grid-cols-2">
      <Field id={`${cell.id}-source`} label="Markdown" hint="Rendered and sanitized by the server; the preview updates when the notebook is saved.">
        <Textarea id={`${cell.id}-source`} rows={8} className="font-mono text-xs" value={cell.source} disabled={disabled} onChange={(e) => onChange({ ...cell, source: e.target.value })} />
      </Field>
      <div>
        <p className="mb-1 text-xs font-medium text-zinc-700">Preview</p>
        <MarkdownView html={cell.html} className="rounded-md border border-zinc-200 bg-zinc-50/50 p-3" />
      </div>
    </div>
  );
}

const MD = [
  "markdown min-w-0 text-sm leading-relaxed text-zinc-800 break-words",
  "[&_h1]:mb-2 [&_h1]:text-lg [&_h1]:font-semibold [&_h2]:mt-3 [&_h2]:mb-1.5 [&_h2]:text-base [&_h2]:font-semibold [&_h3]:mt-2 [&_h3]:font-semibold",
  "[&_p]:my-1.5 [&_ul]:my-1.5 [&_ul]:list-disc [&_ul]:pl-5 [&_ol]:my-1.5 [&_ol]:list-decimal [&_ol]:pl-5",
  "[&_a]:text-sky-700 [&_a]:underline [&_code]:rounded [&_code]:bg-zinc-100 [&_code]:px-1 [&_code]:font-mono [&_code]:text-xs",
  "[&_pre]:overflow-x-auto [&_pre]:rounded [&_pre]:bg-zinc-100 [&_pre]:p-2 [&_blockquote]:border-l-2 [&_blockquote]:border-zinc-300 [&_blockquote]:pl-3 [&_blockquote]:text-zinc-600",
  "[&_table]:text-xs [&_td]:border [&_td]:border-zinc-200 [&_td]:px-2 [&_th]:border [&_th]:border-zinc-200 [&_th]:px-2",
].join(" ");

/** Server-rendered, sanitized markdown (notebook.get / getRun return `html`). */
export function MarkdownView({ html, className }: { html?: string; className?: string }) {
  if (!html) return <p className={`text-sm text-zinc-400 ${className ?? ""}`}>Empty markdown cell.</p>;
  return <div className={`${MD} ${className ?? ""}`} dangerouslySetInnerHTML={{ __html: html }} />;
}

function PluginPicker({ id, value, evaluators, onChange, disabled }: { id: string; value: string; evaluators: EvaluatorInfo[]; onChange: (id: string) => void; disabled?: boolean }) {
  const kinds = [...new Set(evaluators.map((e) => e.kind))];
  const known = evaluators.some((e) => e.id === value);
  return (
    <Select id={id} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)}>
      {!known && <option value={value}>{value || "Choose an evaluator"} {value ? "(not installed)" : ""}</option>}
      {kinds.map((k) => (
        <optgroup key={k} label={k}>
          <Options choices={evaluators.filter((e) => e.kind === k).map((e) => ({ value: e.id, label: `${e.title} (${e.id}@${e.version})` }))} />
        </optgroup>
      ))}
    </Select>
  );
}

function SideEditor({ id, label, side, model, onChange, disabled }: { id: string; label: string; side: Side; model: Model; onChange: (s: Side) => void; disabled?: boolean }) {
  return (
    <fieldset className="min-w-0 rounded-md border border-zinc-200 p-3">
      <legend className="px-1 text-xs font-medium text-zinc-700">{label}</legend>
      <div className="space-y-2">
        <Select
          aria-label={`${label}: compare by`}
          value={side.kind}
          disabled={disabled}
          onChange={(e) =>
            onChange(e.target.value === "version" ? { kind: "version", version: model.versions[0]?.label ?? "", label: side.label } : { kind: "window", window: { kind: "lastDays", days: 7 }, label: side.label })
          }
        >
          <option value="version">A model version</option>
          <option value="window">A time window</option>
        </Select>
        {side.kind === "version" ? (
          <Select aria-label={`${label}: version`} value={side.version} disabled={disabled} onChange={(e) => onChange({ ...side, version: e.target.value })} options={model.versions.map((v) => ({ value: v.label, label: `${v.label} (${v.stage})` }))} />
        ) : (
          <WindowEditor id={`${id}-window`} value={side.window} onChange={(window) => onChange({ ...side, window })} disabled={disabled} />
        )}
        <Input aria-label={`${label}: label`} placeholder="Label (optional)" value={side.label ?? ""} disabled={disabled} onChange={(e) => onChange({ ...side, label: e.target.value || undefined })} />
      </div>
    </fieldset>
  );
}

export function ComputeCellEditor({
  cell,
  onChange,
  evaluators,
  model,
  defaults,
  lastResult,
  disabled,
}: {
  cell: ComputeCell;
  onChange: (c: ComputeCell) => void;
  evaluators: EvaluatorInfo[];
  model: Model;
  defaults: Selection;
  /** the cell's latest result, for the threshold preview */
  lastResult?: unknown;
  disabled?: boolean;
}) {
  const info = evaluators.find((e) => e.id === cell.pluginId);
  const custom = !!cell.selection && Object.keys(cell.selection).length > 0;
  const merged: Selection = { ...defaults, ...(cell.selection ?? {}) } as Selection;
  const columnsApply = info?.appliesTo && (info.appliesTo as { columns?: string }).columns !== "none";
  return (
    <div className="space-y-4">
      <div className="grid gap-3 sm:grid-cols-2">
        <Field id={`${cell.id}-title`} label="Title">
          <Input id={`${cell.id}-title`} value={cell.title ?? ""} placeholder={info?.title ?? "Untitled"} disabled={disabled} onChange={(e) => onChange({ ...cell, title: e.target.value || undefined })} />
        </Field>
        <Field id={`${cell.id}-plugin`} label="Evaluator">
          <PluginPicker id={`${cell.id}-plugin`} value={cell.pluginId} evaluators={evaluators} disabled={disabled} onChange={(pluginId) => onChange({ ...cell, pluginId, pluginVersion: undefined, config: {} })} />
        </Field>
      </div>
      {info && <p className="text-xs leading-relaxed text-zinc-500">{info.description}</p>}
      <CellPreview cell={cell} info={info} model={model} defaults={defaults} lastResult={lastResult} />
      {cell.issue && (
        <p role="alert" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-xs text-amber-900">
          {cell.issue}
        </p>
      )}
      <div>
        <h4 className="mb-2 text-xs font-semibold tracking-wide text-zinc-500 uppercase">Settings</h4>
        {info ? (
          <SchemaForm idPrefix={`${cell.id}-cfg`} schema={info.configSchema} value={cell.config as Record<string, unknown>} disabled={disabled} onChange={(config) => onChange({ ...cell, config })} />
        ) : (
          <p className="text-xs text-zinc-500">Pick an installed evaluator to see its settings.</p>
        )}
      </div>
      {columnsApply && model.features.length > 0 && (
        <fieldset>
          <legend className="mb-1 text-xs font-semibold tracking-wide text-zinc-500 uppercase">Features</legend>
          <div className="flex flex-wrap gap-x-3 gap-y-1">
            {model.features.map((f) => (
              <Checkbox
                key={f.name}
                label={
                  <span className="font-mono text-xs">
                    {f.name}
                    {f.key && <span className="ml-1 text-sky-700">key</span>}
                  </span>
                }
                checked={cell.columns?.includes(f.name) ?? false}
                disabled={disabled}
                onChange={(e) => {
                  const next = e.target.checked ? [...(cell.columns ?? []), f.name] : (cell.columns ?? []).filter((c) => c !== f.name);
                  onChange({ ...cell, columns: next.length ? next : undefined });
                }}
              />
            ))}
          </div>
          <p className="mt-1 text-xs text-zinc-500">{cell.columns?.length ? `${cell.columns.length} selected.` : "None ticked: every feature of the contract (minus cohort keys)."}</p>
        </fieldset>
      )}
      {cell.type === "comparison" && (
        <div className="grid gap-3 sm:grid-cols-2">
          <SideEditor id={`${cell.id}-a`} label="A" side={cell.a} model={model} disabled={disabled} onChange={(a) => onChange({ ...cell, a })} />
          <SideEditor id={`${cell.id}-b`} label="B" side={cell.b} model={model} disabled={disabled} onChange={(b) => onChange({ ...cell, b })} />
        </div>
      )}
      <div>
        <div className="mb-2 flex flex-wrap items-center gap-3">
          <h4 className="text-xs font-semibold tracking-wide text-zinc-500 uppercase">Data selection</h4>
          <Checkbox
            label="Use the notebook defaults"
            checked={!custom}
            disabled={disabled}
            onChange={(e) => onChange({ ...cell, selection: e.target.checked ? undefined : { ...defaults } })}
          />
        </div>
        {custom && <SelectionEditor idPrefix={`${cell.id}-sel`} value={merged} model={model} disabled={disabled} onChange={(selection) => onChange({ ...cell, selection })} />}
      </div>
    </div>
  );
}

export function ChartCellEditor({
  cell,
  onChange,
  sources,
  workspaceSlug,
  notebookId,
  disabled,
}: {
  cell: ChartCell;
  onChange: (c: ChartCell) => void;
  sources: { id: string; label: string }[];
  workspaceSlug: string;
  notebookId: string;
  disabled?: boolean;
}) {
  const trpc = useTRPC();
  // Metrics seen in the source cell's past runs, as suggestions.
  const metrics = useQuery({ ...trpc.notebook.trend.queryOptions({ workspaceSlug, notebookId, cellId: cell.sourceCellId }), enabled: !!cell.sourceCellId, staleTime: 60_000 });
  return (
    <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
      <Field id={`${cell.id}-title`} label="Title">
        <Input id={`${cell.id}-title`} value={cell.title ?? ""} disabled={disabled} onChange={(e) => onChange({ ...cell, title: e.target.value || undefined })} />
      </Field>
      <Field id={`${cell.id}-source`} label="Draws cell" hint={sources.length ? undefined : "Add an evaluator cell above this chart first."}>
        <Select id={`${cell.id}-source`} value={cell.sourceCellId} disabled={disabled} onChange={(e) => onChange({ ...cell, sourceCellId: e.target.value })} options={sources.map((s) => ({ value: s.id, label: s.label }))}>
          {!sources.some((s) => s.id === cell.sourceCellId) && <option value={cell.sourceCellId}>{cell.sourceCellId} (must be an earlier evaluator cell)</option>}
        </Select>
      </Field>
      <Field id={`${cell.id}-metric`} label="Metric" hint="Empty: the evaluator's own charts.">
        <Input id={`${cell.id}-metric`} list={`${cell.id}-metrics`} value={cell.metric ?? ""} placeholder="e.g. psi, roc_auc" disabled={disabled} onChange={(e) => onChange({ ...cell, metric: e.target.value || undefined })} />
        <Suggestions id={`${cell.id}-metrics`} values={metrics.data?.metrics ?? []} />
      </Field>
      <Field id={`${cell.id}-mark`} label="Mark">
        <Select id={`${cell.id}-mark`} value={cell.mark} disabled={disabled} onChange={(e) => onChange({ ...cell, mark: e.target.value as ChartCell["mark"] })} options={CHART_MARKS} />
      </Field>
    </div>
  );
}
