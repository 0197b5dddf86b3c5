/** Guardrails in words, for titles, notifications and the CLI. */
export function describeGuardrail(g: { metric: string; column: string | null; op: string; fail: number; cohortMode?: string }): string {
  const where = g.column === null ? "" : g.column === "*" ? " on any column" : ` on ${g.column}`;
  const every = g.cohortMode === "each" ? " (every cohort)" : "";
  return `${g.metric}${where} ${g.op} ${g.fail}${every}`;
}
