import { Section } from "@/app/_components/ui/section";
import type { ModelDetail } from "../_data";

export function SlosSection({ model }: { model: ModelDetail }) {
  return (
    <Section id="slos" title="Service level objectives" description="What “working” means for this model; guardrails check these.">
      {model.slos.length === 0 ? (
        <p className="text-sm text-zinc-600">No SLOs yet. Editors add them on the edit page.</p>
      ) : (
        <div tabIndex={0} className="-mx-4 -my-4 relative overflow-x-auto">
          <table className="w-full text-sm">
            <thead>
              <tr className="border-b border-zinc-100 text-left text-xs text-zinc-600">
                <th className="px-4 py-2 font-medium">Objective</th>
                <th className="px-4 py-2 font-medium">Metric</th>
                <th className="px-4 py-2 font-medium">Holds for</th>
                <th className="px-4 py-2 text-right font-medium">Target</th>
              </tr>
            </thead>
            <tbody>
              {model.slos.map((s, i) => (
                <tr key={i} className="border-b border-zinc-50 last:border-0">
                  <td className="px-4 py-2">{s.name}</td>
                  <td className="px-4 py-2 font-mono text-xs text-zinc-600">{s.metric}</td>
                  <td className="px-4 py-2 text-zinc-700" title={s.cohorts === "each" ? "judged on each cohort: one cohort below target breaches it" : "judged on all traffic together"}>
                    {s.cohorts === "each" ? "every cohort" : "all traffic"}
                  </td>
                  <td className="px-4 py-2 text-right whitespace-nowrap tabular-nums">
                    {s.op === "<=" ? "≤" : "≥"} {s.target}
                    {s.unit ? <span className="ml-1 text-zinc-600">{s.unit}</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}
