/** Rows grouped by `key`, each mapped by `map`, in the order the rows came (the SQL's ORDER BY). */
export function groupRows<T, U>(rows: T[], key: (row: T) => string, map: (row: T) => U): Map<string, U[]> {
  const out = new Map<string, U[]>();
  for (const r of rows) {
    const list = out.get(key(r));
    if (list) list.push(map(r));
    else out.set(key(r), [map(r)]);
  }
  return out;
}
