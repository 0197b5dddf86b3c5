"use client";

import { VersionLabel } from "@/app/_components/ui/version-label";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";
import { useTRPC } from "@/app/_trpc/client";
import { messageOf } from "@/app/_trpc/errors";
import { useMutationFeedback } from "@/app/_trpc/use-mutation-feedback";
import { Badge } from "@/app/_components/ui/badge";
import { Button, Spinner, buttonClass } from "@/app/_components/ui/button";
import { Checkbox, Field, Input, Select } from "@/app/_components/ui/input";

type Policy = inferRouterOutputs<AppRouter>["export"]["policy"]["policy"];

const DAY = 86_400_000;
const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);
const fmt = (n: number) => n.toLocaleString("en-US");

function cohortText(c: Record<string, string[]>): string {
  return Object.entries(c)
    .flatMap(([k, vs]) => vs.map((v) => `${k}=${v}`))
    .join(", ");
}

/** "tier=strategic, region=eu" → { tier: ["strategic"], region: ["eu"] }, or the part that is not key=value. */
function parseCohort(text: string): { cohort: Record<string, string[]> } | { error: string } {
  const cohort: Record<string, string[]> = {};
  for (const part of text.split(",").map((s) => s.trim()).filter(Boolean)) {
    const m = /^([^=]+)=(.*)$/.exec(part);
    if (!m) return { error: `"${part}" is not key=value` };
    (cohort[m[1]!.trim()] ??= []).push(m[2]!.trim());
  }
  return { cohort };
}

function PolicySummary({ policy, saved }: { policy: Policy; saved: boolean }) {
  return (
    <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-4" data-testid="export-policy">
      <dt className="text-xs text-zinc-500">Versions</dt>
      <dd className="font-mono text-xs text-zinc-800">{policy.versions.length ? policy.versions.join(", ") : "all (production first)"}</dd>
      <dt className="text-xs text-zinc-500">Cohorts</dt>
      <dd className="font-mono text-xs text-zinc-800">{cohortText(policy.cohort) || "all"}</dd>
      <dt className="text-xs text-zinc-500">Rows</dt>
      <dd className="text-zinc-800">{policy.labelledOnly ? "labelled only" : "labelled and unlabelled"}</dd>
      <dt className="text-xs text-zinc-500">Data quality</dt>
      <dd className="text-zinc-800">{policy.excludeDataQuality ? "rows violating the contract excluded" : "all rows kept"}</dd>
      {policy.note && (
        <>
          <dt className="text-xs text-zinc-500">Note</dt>
          <dd className="col-span-1 text-zinc-800 sm:col-span-3">{policy.note}</dd>
        </>
      )}
      {!saved && <dd className="col-span-2 text-xs text-zinc-500 sm:col-span-4">No policy saved yet: these are the defaults.</dd>}
    </dl>
  );
}

export function ExportPanel({
  workspaceSlug,
  slug,
  editor,
  policy,
  saved,
  versions,
  hasContract,
}: {
  workspaceSlug: string;
  slug: string;
  editor: boolean;
  policy: Policy;
  saved: boolean;
  versions: { label: string; stage: string }[];
  hasContract: boolean;
}) {
  const trpc = useTRPC();
  const { done, failed } = useMutationFeedback();
  const [now] = useState(() => Date.now());
  const [from, setFrom] = useState(isoDay(now - 30 * DAY));
  const [to, setTo] = useState(isoDay(now));
  const [chosen, setChosen] = useState<string[]>(policy.versions);
  const [cohort, setCohort] = useState(cohortText(policy.cohort));
  const [labelledOnly, setLabelledOnly] = useState(policy.labelledOnly);
  const [excludeDq, setExcludeDq] = useState(policy.excludeDataQuality);
  const [note, setNote] = useState(policy.note);
  const [format, setFormat] = useState<"parquet" | "csv">("parquet");
  const [asked, setAsked] = useState<null | { from: number; to: number; versions: string[]; cohort: Record<string, string[]>; labelledOnly: boolean; excludeDataQuality: boolean }>(null);

  const parsedCohort = parseCohort(cohort);
  const fromMs = Date.parse(from);
  const toMs = Date.parse(to) + DAY; // the "to" day is included
  const windowError = !Number.isFinite(fromMs) || !Number.isFinite(toMs) ? "Pick both dates" : fromMs >= toMs ? "The end must not be before the start" : null;
  const cohortError = "error" in parsedCohort ? parsedCohort.error : null;
  const current = { versions: chosen, cohort: "cohort" in parsedCohort ? parsedCohort.cohort : {}, labelledOnly, excludeDataQuality: excludeDq };

  const preview = useQuery({ ...trpc.export.preview.queryOptions({ workspaceSlug, slug, ...(asked ?? { from: 0, to: 1, versions: [], cohort: {}, labelledOnly: true, excludeDataQuality: true }) }), enabled: asked !== null });
  const save = useMutation(
    trpc.export.savePolicy.mutationOptions({
      onSuccess: done("Export policy saved."),
      onError: failed(),
    }),
  );

  const query = new URLSearchParams({ from: isoDay(fromMs || 0), to: isoDay(toMs || 0), format, labelled: labelledOnly ? "only" : "all", dataQuality: excludeDq ? "exclude" : "include" });
  if (chosen.length) query.set("versions", chosen.join(","));
  if (cohort.trim() && !cohortError) query.set("cohort", cohortText(current.cohort).replace(/, /g, ","));
  const href = `/api/w/${encodeURIComponent(workspaceSlug)}/models/${encodeURIComponent(slug)}/export?${query}`;
  const invalid = Boolean(windowError || cohortError);

  return (
    <div className="space-y-4">
      <PolicySummary policy={policy} saved={saved} />
      {!hasContract && <p className="text-sm text-amber-800">Define a feature contract first: the export writes the contract&apos;s feature columns.</p>}
      {editor && hasContract && (
        <form
          className="space-y-3 border-t border-zinc-100 pt-4"
          aria-label="Export training data"
          onSubmit={(e) => {
            e.preventDefault();
            if (!invalid) setAsked({ from: fromMs, to: toMs, ...current });
          }}
        >
          <div className="grid gap-3 sm:grid-cols-4">
            <Field id="export-from" label="From" error={windowError && !Number.isFinite(fromMs) ? windowError : null}>
              <Input id="export-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} invalid={Boolean(windowError)} />
            </Field>
            <Field id="export-to" label="To (included)" error={windowError && Number.isFinite(fromMs) ? windowError : null}>
              <Input id="export-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} invalid={Boolean(windowError)} />
            </Field>
            <Field id="export-cohort" label="Cohorts" hint="key=value, comma-separated" error={cohortError} className="sm:col-span-2">
              <Input id="export-cohort" value={cohort} onChange={(e) => setCohort(e.target.value)} placeholder="tier=strategic" invalid={Boolean(cohortError)} className="font-mono text-xs" />
            </Field>
          </div>
          <fieldset className="flex flex-wrap items-center gap-x-4 gap-y-2">
            <legend className="mb-1 text-xs font-medium text-zinc-700">Versions (none ticked: all, production&apos;s features first)</legend>
            {versions.map((v) => (
              <Checkbox
                key={v.label}
                label={<VersionLabel label={v.label} stage={v.stage} />}
                checked={chosen.includes(v.label)}
                onChange={(e) => setChosen((c) => (e.target.checked ? [...c, v.label] : c.filter((x) => x !== v.label)))}
              />
            ))}
          </fieldset>
          <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
            <Checkbox label="Labelled rows only" checked={labelledOnly} onChange={(e) => setLabelledOnly(e.target.checked)} />
            <Checkbox label="Exclude rows violating the feature contract" checked={excludeDq} onChange={(e) => setExcludeDq(e.target.checked)} />
          </div>
          <Field id="export-note" label="Policy note" hint="Why this is the training data, who owns it (saved with the policy)">
            <Input id="export-note" value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} />
          </Field>
          <div className="flex flex-wrap items-end gap-2">
            <Button type="submit" variant="secondary" size="sm" disabled={invalid || preview.isFetching}>
              {preview.isFetching && <Spinner />} Preview counts
            </Button>
            <Button type="button" variant="secondary" size="sm" disabled={Boolean(cohortError) || save.isPending} onClick={() => save.mutate({ workspaceSlug, slug, policy: { ...current, note } })}>
              Save as policy
            </Button>
            <span className="ml-auto flex items-end gap-2">
              <label htmlFor="export-format" className="sr-only">
                Format
              </label>
              <Select id="export-format" value={format} onChange={(e) => setFormat(e.target.value as "parquet" | "csv")} className="h-8 w-28 text-xs">
                <option value="parquet">Parquet</option>
                <option value="csv">CSV</option>
              </Select>
              <a className={buttonClass("primary", "sm", invalid ? "pointer-events-none opacity-50" : undefined)} href={href} download aria-disabled={invalid}>
                Download
              </a>
            </span>
          </div>
          {preview.error && (
            <p role="alert" className="text-sm text-red-700">
              {messageOf(preview.error)}
            </p>
          )}
          {preview.data && <PreviewTable counts={preview.data.counts} columns={preview.data.columns} />}
        </form>
      )}
    </div>
  );
}

function PreviewTable({ counts, columns }: { counts: inferRouterOutputs<AppRouter>["export"]["preview"]["counts"]; columns: string[] }) {
  return (
    <div className="space-y-2" data-testid="export-preview" aria-live="polite">
      <table className="text-sm">
        <tbody>
          {[
            ["Rows to export", counts.rows],
            ["Requests in the window", counts.requests],
            ["Labelled", counts.labelled],
            ["With data-quality violations", counts.dataQuality],
            ["Duplicates from other versions (dropped)", counts.duplicates],
          ].map(([k, v]) => (
            <tr key={k as string}>
              <th scope="row" className="py-0.5 pr-4 text-left text-xs font-normal text-zinc-500">
                {k}
              </th>
              <td className="text-right tabular-nums text-zinc-900">{fmt(v as number)}</td>
            </tr>
          ))}
          {Object.entries(counts.perVersion).map(([v, n]) => (
            <tr key={v}>
              <th scope="row" className="py-0.5 pr-4 text-left text-xs font-normal text-zinc-500">
                from <span className="font-mono">{v}</span>
              </th>
              <td className="text-right tabular-nums text-zinc-900">{fmt(n)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="flex flex-wrap gap-1 text-xs text-zinc-500">
        Columns:{" "}
        {columns.map((c) => (
          <Badge key={c}>{c}</Badge>
        ))}
      </p>
    </div>
  );
}
