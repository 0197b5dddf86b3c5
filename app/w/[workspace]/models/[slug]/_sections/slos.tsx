import { Section } from "@/app/_components/ui/section";
import { DataTable, type Column } from "@/app/_components/ui/table";
import type { ModelDetail } from "../_data";

/** An SLO of the model (its stored JSON column, typed) with its index as the row key. */
type Slo = (ModelDetail["slos"] extends readonly (infer E)[] ? E : never) & { i: number };

const COLUMNS: Column<Slo>[] = [
  { key: "objective", header: "Objective", render: (s) => s.name },
  { key: "metric", header: "Metric", render: (s) => <span className="font-mono text-xs text-zinc-600">{s.metric}</span> },
  {
    key: "cohorts",
    header: "Holds for",
    cellAttributes: (s) => ({ title: s.cohorts === "each" ? "judged on each cohort: one cohort below target breaches it" : "judged on all traffic together" }),
    render: (s) => <span className="text-zinc-700">{s.cohorts === "each" ? "every cohort" : "all traffic"}</span>,
  },
  {
    key: "target",
    header: "Target",
    align: "right",
    render: (s) => (
      <span className="whitespace-nowrap">
        {s.op === "<=" ? "≤" : "≥"} {s.target}
        {s.unit ? <span className="ml-1 text-zinc-600">{s.unit}</span> : null}
      </span>
    ),
  },
];

export function SlosSection({ model }: { model: ModelDetail }) {
  return (
    <Section id="slos" title="Service level objectives" description="What “working” means for this model; guardrails check these.">
      {model.slos.length === 0 ? (
        <p className="text-sm text-zinc-600">No SLOs yet. Editors add them on the edit page.</p>
      ) : (
        <DataTable flush rows={model.slos.map((s, i) => ({ ...s, i }))} rowKey={(s) => String(s.i)} columns={COLUMNS} />
      )}
    </Section>
  );
}
