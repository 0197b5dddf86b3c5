/**
 * The words for a result's per-item table: what its `columns` list (the evaluator's
 * `columns_label`, "feature" when absent — drift, skew and data quality list features; CBPE lists
 * metrics). Pure; the UI and the report HTML share it.
 */
export function columnsWords(label: string | undefined): { heading: string; header: string; noun: string } {
  const noun = label?.trim() || "feature";
  return { heading: `Per ${noun}`, header: noun[0]!.toUpperCase() + noun.slice(1), noun };
}
