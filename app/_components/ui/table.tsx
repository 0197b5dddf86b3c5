import Link from "next/link";
import { cx } from "./cx";
import { RelativeTime } from "./relative-time";

export interface Column<T> {
  key: string;
  header: React.ReactNode;
  /** A sortable column renders its header as a link from `sort.hrefFor`. */
  sortable?: boolean;
  align?: "left" | "right";
  /** Extra classes for the header and cells, e.g. "hidden md:table-cell" to drop a column on phones. */
  className?: string;
  render: (row: T) => React.ReactNode;
  /** Attributes of the row's cell in this column: a hover title, a test id. */
  cellAttributes?: (row: T) => CellAttributes;
}

export type CellAttributes = { title?: string } & Record<`data-${string}`, string | undefined>;

/** A time in a table cell: relative ("3 hours ago", the absolute UTC time on hover), muted and unwrapped; `empty` where there is none. */
export function TimeCell({ value, empty = "—" }: { value: Date | string | null | undefined; empty?: string }) {
  return value ? <RelativeTime value={value} className="text-xs whitespace-nowrap text-zinc-500" /> : <span className="text-xs text-zinc-500">{empty}</span>;
}

/** A row's title as the link to its page, with a muted line under it (what the row is about). */
export function TitleCell({ href, title, children, clamp }: { href: string; title: React.ReactNode; children?: React.ReactNode; clamp?: "line-clamp-1" | "line-clamp-2" }) {
  return (
    <div className="min-w-0">
      <Link href={href} className="font-medium text-zinc-900 hover:underline">
        {title}
      </Link>
      {children && <p className={cx("mt-0.5 text-xs text-zinc-500", clamp)}>{children}</p>}
    </div>
  );
}

export interface SortState {
  key: string;
  order: "asc" | "desc";
  hrefFor: (key: string, order: "asc" | "desc") => string;
}

const DENSITY = {
  /** The page's tables: a header band, rows that light up under the pointer. */
  normal: { table: "text-sm", head: "border-b border-zinc-200 bg-zinc-50/80 text-xs font-medium", row: "border-b border-zinc-100 last:border-0 hover:bg-zinc-50/70", cell: "py-2" },
  /** A small table inside a card or list item (a queue per row, a baseline's columns): no band, no frame. */
  compact: { table: "text-xs", head: "", row: "border-t border-zinc-100", cell: "py-1 pr-2 last:pr-0" },
} as const;

/**
 * A dense, calm table. Server-renderable: sorting and paging are links, so the URL holds the state
 * and every view can be shared. Wide tables scroll horizontally inside their card on small screens.
 */
export function DataTable<T>({
  columns,
  rows,
  rowKey,
  sort,
  caption,
  testId,
  flush = false,
  density = "normal",
  rowAttributes,
}: {
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  sort?: SortState;
  caption?: string;
  testId?: string;
  /**
   * Inside a Section's card: no frame of its own, edge to edge with the card. `"top"` keeps the
   * card's padding below the table, for a card with more content after it.
   */
  flush?: boolean | "top";
  /** `"compact"`: a small table inside a card or list item — text-xs, no header band, no frame of its own. */
  density?: keyof typeof DENSITY;
  /** Extra attributes of a row, e.g. `{ "data-member": email }` for tests and scripts. */
  rowAttributes?: (row: T) => Record<`data-${string}`, string>;
}) {
  const d = DENSITY[density];
  const pad = density === "compact" ? "" : flush ? "px-4" : "px-3";
  const frame = density === "compact" ? "" : flush === "top" ? "-mx-4 -mt-4" : flush ? "-m-4" : "rounded-lg border border-zinc-200 bg-white";
  return (
    <div tabIndex={0} className={cx("relative overflow-x-auto", frame)}>
      <table className={cx("w-full border-collapse", d.table)} data-testid={testId}>
        {caption && <caption className="sr-only">{caption}</caption>}
        <thead>
          <tr className={cx(d.head, "text-left text-zinc-500")}>
            {columns.map((col) => {
              const active = sort && col.sortable && sort.key === col.key;
              const nextOrder = active && sort.order === "asc" ? "desc" : "asc";
              return (
                <th
                  key={col.key}
                  scope="col"
                  aria-sort={active ? (sort.order === "asc" ? "ascending" : "descending") : undefined}
                  className={cx(pad, d.cell, "font-medium whitespace-nowrap", col.align === "right" && "text-right", col.className)}
                >
                  {sort && col.sortable ? (
                    <Link href={sort.hrefFor(col.key, nextOrder)} className={cx("inline-flex items-center gap-1 hover:text-zinc-900", active && "text-zinc-900")}>
                      {col.header}
                      <span aria-hidden="true" className={cx("text-[10px]", !active && "opacity-30")}>
                        {active && sort.order === "desc" ? "▼" : "▲"}
                      </span>
                    </Link>
                  ) : (
                    col.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} className={d.row} {...rowAttributes?.(row)}>
              {columns.map((col) => (
                <td key={col.key} className={cx(pad, d.cell, "align-top", col.align === "right" && "text-right tabular-nums", col.className)} {...col.cellAttributes?.(row)}>
                  {col.render(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function Pagination({
  page,
  pages,
  total,
  pageSize,
  hrefFor,
  noun = "items",
}: {
  page: number;
  pages: number;
  total: number;
  pageSize: number;
  hrefFor: (page: number) => string;
  noun?: string;
}) {
  const from = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  const link = "inline-flex h-7 items-center rounded-md border border-zinc-300 bg-white px-2.5 text-xs font-medium text-zinc-700 hover:bg-zinc-100";
  const off = "inline-flex h-7 items-center rounded-md border border-zinc-200 px-2.5 text-xs text-zinc-500";
  return (
    <nav aria-label="Pagination" className="flex items-center justify-between gap-3 py-2 text-xs text-zinc-600">
      <p>
        <span className="tabular-nums">{from}</span>–<span className="tabular-nums">{to}</span> of <span className="tabular-nums">{total}</span> {noun}
      </p>
      <div className="flex items-center gap-2">
        {page > 1 ? (
          <Link className={link} href={hrefFor(page - 1)} rel="prev">
            ← Previous
          </Link>
        ) : (
          <span className={off}>← Previous</span>
        )}
        <span className="tabular-nums">
          Page {page} of {pages}
        </span>
        {page < pages ? (
          <Link className={link} href={hrefFor(page + 1)} rel="next">
            Next →
          </Link>
        ) : (
          <span className={off}>Next →</span>
        )}
      </div>
    </nav>
  );
}
