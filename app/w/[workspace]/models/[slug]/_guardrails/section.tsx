import Link from "next/link";
import { withCaller } from "@/app/_lib/server";
import { getRunbooks } from "../_data";
import { Section } from "@/app/_components/ui/section";
import { Badge } from "@/app/_components/ui/badge";
import { GuardrailStateBadge } from "@/app/w/[workspace]/incidents/_components/badges";
import { GuardrailForm, type Prefill } from "./guardrail-form";
import { GuardrailRowActions } from "./row-actions";

function fmt(v: number | null): string {
  if (v === null) return "—";
  return Math.abs(v) >= 100 ? v.toFixed(0) : Number(v.toPrecision(3)).toString();
}

/** The model's guardrails (its SLOs among them) with their state per cohort; editors add and edit them. */
export async function GuardrailsSection({ workspaceSlug, slug, editor, prefill }: { workspaceSlug: string; slug: string; editor: boolean; prefill: Prefill | null }) {
  const [data, runbooks] = await Promise.all([
    withCaller((c) => c.guardrail.list({ workspaceSlug, modelSlug: slug })),
    getRunbooks(workspaceSlug, slug),
  ]);
  const runbookOptions = runbooks.map((r) => ({ id: r.id, title: r.title }));
  return (
    <Section
      id="guardrails"
      title="Guardrails"
      description="Red lines on notebook results, checked by the worker after every run. The model's SLOs are guardrails too."
    >
      {data.guardrails.length === 0 ? (
        <p className="text-sm text-zinc-500">No guardrails yet{editor ? ": add one below, or with the + next to a metric in a run's results." : "."}</p>
      ) : (
        <ul className="-mx-4 -mt-4 divide-y divide-zinc-100" data-testid="guardrails-list">
          {data.guardrails.map((g) => (
            <li key={g.id} className="flex flex-wrap items-start gap-x-4 gap-y-2 px-4 py-3" data-testid="guardrail-row">
              <div className="min-w-0 flex-1 basis-64">
                <p className="flex flex-wrap items-center gap-1.5 text-sm font-medium text-zinc-900">
                  {g.name}
                  {g.source === "slo" && <Badge tone="info">SLO</Badge>}
                  {g.rollbackMode !== "off" && <Badge tone="fail">red line · {g.rollbackMode.replace("_", " ")}</Badge>}
                  <Badge tone="plain">{g.severity}</Badge>
                </p>
                <p className="mt-0.5 font-mono text-xs break-words text-zinc-600">
                  {g.description}
                  {g.warn !== null ? ` · warn ${g.warn}` : ""}
                </p>
                <p className="mt-0.5 text-xs text-zinc-500">
                  {g.notebookTitle} · cell {g.cellId}
                  {g.minSamples ? ` · min ${g.minSamples} rows` : ""}
                  {g.requireSignificance ? " · statistically clear only" : ""} · fires after {g.fireAfter}, resolves after {g.resolveAfter}
                  {g.renotifyMinutes ? ` · reminds every ${g.renotifyMinutes} min while unacknowledged` : ""}
                </p>
              </div>
              <div className="flex flex-wrap items-center gap-1.5" data-testid="guardrail-states">
                {g.paused ? (
                  <GuardrailStateBadge state="paused" />
                ) : g.states.length === 0 ? (
                  <GuardrailStateBadge state="no_data" title="Not evaluated yet: it runs after the notebook's next run" />
                ) : (
                  g.states.map((s) => (
                    <span key={s.cohort} className="inline-flex items-center gap-1 text-xs text-zinc-600">
                      {g.cohortMode === "each" && <span className="font-mono">{s.cohort}</span>}
                      <GuardrailStateBadge state={s.state} title={`${s.cohort}: ${fmt(s.lastValue)}`} />
                      <span className="tabular-nums">{fmt(s.lastValue)}</span>
                    </span>
                  ))
                )}
                {g.openIncidents.map((i) => (
                  <Link key={i.id} href={`/w/${workspaceSlug}/incidents/${i.id}`} className="text-xs text-red-700 hover:underline">
                    incident{i.cohort !== "all" ? ` (${i.cohort})` : ""}
                  </Link>
                ))}
              </div>
              {editor && g.source !== "slo" && <GuardrailRowActions workspaceSlug={workspaceSlug} id={g.id} name={g.name} paused={g.paused} edit={{ modelSlug: slug, guardrail: g, notebooks: data.notebooks, runbooks: runbookOptions }} />}
            </li>
          ))}
        </ul>
      )}
      {data.unboundSlos.length > 0 && (
        <p className="mt-3 text-xs text-amber-800" data-testid="unbound-slos">
          Not checked yet: {data.unboundSlos.map((s) => `“${s.name}” (${s.reason})`).join("; ")}.
        </p>
      )}
      {editor && <GuardrailForm workspaceSlug={workspaceSlug} modelSlug={slug} notebooks={data.notebooks} runbooks={runbookOptions} prefill={prefill} />}
    </Section>
  );
}
