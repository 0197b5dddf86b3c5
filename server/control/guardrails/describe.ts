/** Guardrails in words, for titles, notifications and the CLI. */
export function describeGuardrail(g: { metric: string; column: string | null; op: string; fail: number; cohortMode?: string }): string {
  const where = g.column === null ? "" : g.column === "*" ? " on any column" : ` on ${g.column}`;
  const every = g.cohortMode === "each" ? " (every cohort)" : "";
  return `${g.metric}${where} ${g.op} ${g.fail}${every}`;
}

/** One guardrail × cohort in words (an incident's title): "roc_auc < 0.8 for cohort strategic". */
export function describeBreach(g: Parameters<typeof describeGuardrail>[0], cohort: string): string {
  return cohort === "all" ? describeGuardrail(g) : `${describeGuardrail({ ...g, cohortMode: "all" })} for cohort ${cohort}`;
}
