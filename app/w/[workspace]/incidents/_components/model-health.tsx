import Link from "next/link";
import { GuardrailStateBadge } from "./badges";

/** The inventory's health cell: the worst guardrail state, and open incidents (red lines first). */
export function ModelHealth({
  workspaceSlug,
  slug,
  health,
}: {
  workspaceSlug: string;
  slug: string;
  health?: { state: string; guardrails: number; openIncidents: number; openRedLines: number };
}) {
  if (!health || health.guardrails === 0) return <span className="text-xs text-zinc-600" title="No guardrails on this model">no guardrails</span>;
  return (
    <span className="flex flex-wrap items-center gap-1" data-testid={`health-${slug}`}>
      <GuardrailStateBadge state={health.state} title={`${health.guardrails} guardrail${health.guardrails === 1 ? "" : "s"}`} />
      {health.openIncidents > 0 && (
        <Link href={`/w/${workspaceSlug}/incidents?model=${slug}`} className="text-xs whitespace-nowrap text-red-700 hover:underline">
          {health.openIncidents} open{health.openRedLines ? ` · ${health.openRedLines} red line${health.openRedLines === 1 ? "" : "s"}` : ""}
        </Link>
      )}
    </span>
  );
}
