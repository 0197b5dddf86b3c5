import { Badge, type Tone } from "@/app/_components/ui/badge";

/** Guardrail states: ok = pass, warning = warn, alert = fail, flapping = warn, no data and paused = muted. */
const STATE_TONE: Record<string, Tone> = { ok: "pass", warning: "warn", alert: "fail", flapping: "warn", no_data: "muted", paused: "muted", none: "muted" };
const STATE_LABEL: Record<string, string> = { no_data: "no data", none: "no guardrails" };

export function GuardrailStateBadge({ state, title }: { state: string; title?: string }) {
  return (
    <Badge tone={STATE_TONE[state] ?? "muted"} title={title}>
      {STATE_LABEL[state] ?? state}
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
