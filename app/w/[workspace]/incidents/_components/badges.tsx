import { statusWord } from "@/server/format/status";
import { Badge, type Tone } from "@/app/_components/ui/badge";

/** Guardrail states, from the one status vocabulary. */
export function GuardrailStateBadge({ state, title }: { state: string; title?: string }) {
  const w = statusWord("guardrail", state);
  return (
    <Badge tone={w.tone} title={title ?? `Guardrail status: ${w.meaning}`}>
      {w.text}
    </Badge>
  );
}

/** Incidents: open = fail, acknowledged = warn (someone is on it), resolved = pass. */
const INCIDENT_TONE: Record<string, Tone> = { open: "fail", acknowledged: "warn", resolved: "pass" };
export function IncidentStateBadge({ state }: { state: string }) {
  return <Badge tone={INCIDENT_TONE[state] ?? "muted"}>{state}</Badge>;
}

const SEVERITY_TONE: Record<string, Tone> = { critical: "fail", warning: "warn", info: "info" };
export function SeverityBadge({ severity }: { severity: string }) {
  return <Badge tone={SEVERITY_TONE[severity] ?? "plain"}>{severity}</Badge>;
}

export function RedLineBadge() {
  return (
    <Badge tone="fail" title="A red line: crossing it can roll the model back">
      red line
    </Badge>
  );
}
