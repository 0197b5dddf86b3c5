/**
 * The columns an evaluator cell will evaluate, resolved from the model's feature contract and the
 * cell's reference baseline (pure: shared by the cell editor's preview and its tests).
 */

export interface CellColumnsInput {
  /** feature names of the contract, in contract order */
  contract: string[];
  /** the columns the cell names explicitly; empty = every feature of the contract */
  cellColumns: string[];
  cohortKeys: string[];
  /** the reference baseline, when the cell's reference is a baseline that exists */
  baseline?: { name: string; columns: string[] };
}

export interface CellColumns {
  /** the columns that will be evaluated: chosen, in the contract and (with a baseline) in the baseline */
  columns: string[];
  /** chosen columns the contract does not have */
  notInContract: string[];
  /** chosen columns of the contract the baseline does not have (they have nothing to compare with) */
  notInBaseline: string[];
  /** baseline columns the contract does not have (never evaluated) */
  onlyInBaseline: string[];
}

export function resolveCellColumns({ contract, cellColumns, cohortKeys, baseline }: CellColumnsInput): CellColumns {
  const inContract = new Set(contract);
  const chosen = cellColumns.length ? cellColumns : contract.filter((f) => !cohortKeys.includes(f));
  const notInContract = chosen.filter((c) => !inContract.has(c));
  const known = chosen.filter((c) => inContract.has(c));
  if (!baseline) return { columns: known, notInContract, notInBaseline: [], onlyInBaseline: [] };
  const inBaseline = new Set(baseline.columns);
  return {
    columns: known.filter((c) => inBaseline.has(c)),
    notInContract,
    notInBaseline: known.filter((c) => !inBaseline.has(c)),
    onlyInBaseline: baseline.columns.filter((c) => !inContract.has(c) && !cohortKeys.includes(c)),
  };
}

/** "4 columns: a, b, c, d — `x` is in the contract but not in baseline 'training'; `y` is in baseline 'training' but not in the contract." */
export function describeCellColumns(r: CellColumns, baselineName?: string): string {
  const head = `${r.columns.length} column${r.columns.length === 1 ? "" : "s"}${r.columns.length ? `: ${r.columns.join(", ")}` : ""}`;
  const list = (xs: string[]) => xs.map((x) => `\`${x}\``).join(", ");
  const be = (xs: string[]) => (xs.length === 1 ? "is" : "are");
  const notes: string[] = [];
  if (r.notInContract.length) notes.push(`${list(r.notInContract)} ${be(r.notInContract)} not in the contract`);
  if (r.notInBaseline.length) notes.push(`${list(r.notInBaseline)} ${be(r.notInBaseline)} in the contract but not in baseline '${baselineName}'`);
  if (r.onlyInBaseline.length) notes.push(`${list(r.onlyInBaseline)} ${be(r.onlyInBaseline)} in baseline '${baselineName}' but not in the contract`);
  return notes.length ? `${head} — ${notes.join("; ")}` : head;
}
