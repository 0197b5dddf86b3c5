"use client";

import { VersionLabel } from "@/app/_components/ui/version-label";
import { Checkbox, Field, Input, Options, Select } from "@/app/_components/ui/input";
import type { NotebookView, ReferenceSpec, Selection, WindowSpec } from "./types";

type Model = NotebookView["model"];

/** A fixed from–to range of days, for a window or a reference; `labels` name the two dates for screen readers. */
function DateRangeInputs<R extends { from: string; to: string }>({ value, onChange, disabled, labels }: { value: R; onChange: (r: R) => void; disabled?: boolean; labels: [from: string, to: string] }) {
  return (
    <div className="flex flex-wrap gap-2">
      <Input type="date" aria-label={labels[0]} className="h-8 w-40" value={value.from.slice(0, 10)} disabled={disabled} onChange={(e) => onChange({ ...value, from: e.target.value })} />
      <Input type="date" aria-label={labels[1]} className="h-8 w-40" value={value.to.slice(0, 10)} disabled={disabled} onChange={(e) => onChange({ ...value, to: e.target.value })} />
    </div>
  );
}

function WindowEditor({ id, value, onChange, disabled }: { id: string; value: WindowSpec; onChange: (w: WindowSpec) => void; disabled?: boolean }) {
  return (
    <div className="space-y-2">
      <Select
        id={id}
        value={value.kind}
        disabled={disabled}
        onChange={(e) => {
          const k = e.target.value;
          const today = new Date().toISOString().slice(0, 10);
          const weekAgo = new Date(Date.now() - 7 * 864e5).toISOString().slice(0, 10);
          onChange(k === "lastDays" ? { kind: "lastDays", days: 7 } : k === "range" ? { kind: "range", from: weekAgo, to: today } : { kind: "sinceLastRun", fallbackDays: 7 });
        }}
      >
        <option value="lastDays">Last N days</option>
        <option value="range">Fixed range</option>
        <option value="sinceLastRun">Since last run</option>
      </Select>
      {value.kind === "lastDays" && (
        <label className="flex items-center gap-2 text-xs text-zinc-600">
          Days
          <Input type="number" min={1} max={366} className="h-8 w-24" aria-label="Days in window" value={value.days} disabled={disabled} onChange={(e) => onChange({ kind: "lastDays", days: Math.max(1, Number(e.target.value) || 1) })} />
        </label>
      )}
      {value.kind === "range" && <DateRangeInputs value={value} onChange={onChange} disabled={disabled} labels={["From", "To"]} />}
      {value.kind === "sinceLastRun" && (
        <label className="flex items-center gap-2 text-xs text-zinc-600">
          First run covers
          <Input type="number" min={1} max={366} className="h-8 w-20" aria-label="Days for the first run" value={value.fallbackDays} disabled={disabled} onChange={(e) => onChange({ kind: "sinceLastRun", fallbackDays: Math.max(1, Number(e.target.value) || 1) })} />
          days
        </label>
      )}
    </div>
  );
}
export { WindowEditor };

function ReferenceEditor({ id, value, onChange, model, disabled }: { id: string; value: ReferenceSpec; onChange: (r: ReferenceSpec) => void; model: Model; disabled?: boolean }) {
  const key = value.kind === "baseline" ? `baseline:${value.baselineId ?? ""}` : value.kind;
  return (
    <div className="space-y-2">
      <Select
        id={id}
        value={key}
        disabled={disabled}
        onChange={(e) => {
          const v = e.target.value;
          if (v.startsWith("baseline:")) {
            const bid = v.slice("baseline:".length);
            onChange(bid ? { kind: "baseline", baselineId: bid } : { kind: "baseline" });
          } else if (v === "range") {
            onChange({ kind: "range", from: new Date(Date.now() - 37 * 864e5).toISOString().slice(0, 10), to: new Date(Date.now() - 30 * 864e5).toISOString().slice(0, 10) });
          } else onChange({ kind: v as "precedingWindow" | "none" });
        }}
      >
        <option value="baseline:">Newest baseline{model.baselines[0] ? ` (${model.baselines[0].name})` : " (none uploaded yet)"}</option>
        <Options choices={model.baselines.map((b) => ({ value: `baseline:${b.id}`, label: `Baseline: ${b.name} (${b.rowCount.toLocaleString("en-US")} rows)` }))} />
        <option value="precedingWindow">The preceding window</option>
        <option value="range">An earlier fixed window</option>
        <option value="none">No reference</option>
      </Select>
      {value.kind === "range" && <DateRangeInputs value={value} onChange={onChange} disabled={disabled} labels={["Reference from", "Reference to"]} />}
    </div>
  );
}

/** Model versions, current window, reference, cohort keys and minimum cohort size. */
export function SelectionEditor({ idPrefix, value, onChange, model, disabled }: { idPrefix: string; value: Selection; onChange: (s: Selection) => void; model: Model; disabled?: boolean }) {
  const cohortCandidates = model.features.filter((f) => f.type === "categorical" || f.type === "boolean").map((f) => f.name);
  const extraKeys = value.cohortKeys.filter((k) => !cohortCandidates.includes(k));
  return (
    <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
      <fieldset className="min-w-0">
        <legend className="mb-1 text-xs font-medium text-zinc-700">Model versions</legend>
        <div className="flex flex-wrap gap-x-3 gap-y-1">
          {model.versions.map((v) => (
            <Checkbox
              key={v.label}
              label={<VersionLabel label={v.label} stage={v.stage} />}
              checked={value.versions.includes(v.label)}
              disabled={disabled}
              onChange={(e) => onChange({ ...value, versions: e.target.checked ? [...value.versions, v.label] : value.versions.filter((x) => x !== v.label) })}
            />
          ))}
        </div>
        <p className="mt-1 text-xs text-zinc-500">{value.versions.length ? "" : "None ticked: the production version."}</p>
      </fieldset>
      <Field id={`${idPrefix}-window`} label="Current window">
        <WindowEditor id={`${idPrefix}-window`} value={value.window} onChange={(window) => onChange({ ...value, window })} disabled={disabled} />
      </Field>
      <Field id={`${idPrefix}-reference`} label="Reference">
        <ReferenceEditor id={`${idPrefix}-reference`} value={value.reference} onChange={(reference) => onChange({ ...value, reference })} model={model} disabled={disabled} />
      </Field>
      <div className="min-w-0 space-y-2">
        <fieldset>
          <legend className="mb-1 text-xs font-medium text-zinc-700">Break down by (cohorts)</legend>
          <div className="flex flex-wrap gap-x-3 gap-y-1">
            {[...cohortCandidates, ...extraKeys].map((k) => (
              <Checkbox
                key={k}
                label={<span className="font-mono text-xs">{k}</span>}
                checked={value.cohortKeys.includes(k)}
                disabled={disabled}
                onChange={(e) => onChange({ ...value, cohortKeys: e.target.checked ? [...value.cohortKeys, k] : value.cohortKeys.filter((x) => x !== k) })}
              />
            ))}
            {!cohortCandidates.length && !extraKeys.length && <span className="text-xs text-zinc-500">No categorical features in the contract.</span>}
          </div>
        </fieldset>
        <Field id={`${idPrefix}-min`} label="Minimum cohort size">
          <Input
            id={`${idPrefix}-min`}
            type="number"
            min={1}
            className="h-8 w-28"
            value={value.minCohortSize}
            disabled={disabled}
            onChange={(e) => onChange({ ...value, minCohortSize: Math.max(1, Math.floor(Number(e.target.value) || 1)) })}
          />
        </Field>
      </div>
    </div>
  );
}
