import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { DataTable, type Column } from "@/app/_components/ui/table";

interface Row {
  name: string;
  n: number;
}
const rows: Row[] = [
  { name: "a", n: 1 },
  { name: "b", n: 22 },
];
const columns: Column<Row>[] = [
  { key: "name", header: "Name", render: (r) => r.name },
  { key: "n", header: "Count", align: "right", className: "hidden sm:table-cell", render: (r) => r.n },
];
const render = (props: Partial<Parameters<typeof DataTable<Row>>[0]> = {}) =>
  renderToStaticMarkup(createElement(DataTable<Row>, { columns, rows, rowKey: (r) => r.name, ...props }));

describe("DataTable", () => {
  it("frames itself outside a card and sits edge to edge inside one (all sides, or top and sides)", () => {
    expect(render()).toMatch(/^<div tabindex="0" class="relative overflow-x-auto rounded-lg border border-zinc-200 bg-white">/);
    expect(render({ flush: true })).toMatch(/^<div tabindex="0" class="relative overflow-x-auto -m-4">/);
    expect(render({ flush: "top" })).toMatch(/^<div tabindex="0" class="relative overflow-x-auto -mx-4 -mt-4">/);
  });

  it("renders headers and cells in column order with the column's alignment, classes and row attributes", () => {
    const html = render({ testId: "t", rowAttributes: (r) => ({ "data-row": r.name }) });
    expect(html).toContain('data-testid="t"');
    expect(html.match(/<th [^>]*>([^<]*)<\/th>/g)?.map((h) => h.replace(/<[^>]+>/g, ""))).toEqual(["Name", "Count"]);
    expect(html).toContain('<th scope="col" class="px-3 py-2 font-medium whitespace-nowrap text-right hidden sm:table-cell">Count</th>');
    expect(html).toContain('<tr class="border-b border-zinc-100 last:border-0 hover:bg-zinc-50/70" data-row="b"><td class="px-3 py-2 align-top">b</td><td class="px-3 py-2 align-top text-right tabular-nums hidden sm:table-cell">22</td></tr>');
  });

  it("puts a column's cell attributes (hover title, test id) on each of its cells", () => {
    const html = renderToStaticMarkup(
      createElement(DataTable<Row>, {
        columns: [{ key: "n", header: "Count", cellAttributes: (r) => ({ title: `${r.n} rows`, "data-testid": "count" }), render: (r) => r.n }],
        rows,
        rowKey: (r) => r.name,
      }),
    );
    expect(html).toContain('<td class="px-3 py-2 align-top" title="22 rows" data-testid="count">22</td>');
  });

  it("draws a compact table without frame, header band or hover, small and tight", () => {
    const html = render({ density: "compact" });
    expect(html).toMatch(/^<div tabindex="0" class="relative overflow-x-auto"><table class="w-full border-collapse text-xs">/);
    expect(html).toContain('<tr class="text-left text-zinc-500"><th scope="col" class="py-1 pr-2 last:pr-0 font-medium whitespace-nowrap">Name</th>');
    expect(html).toContain('<tr class="border-t border-zinc-100"><td class="py-1 pr-2 last:pr-0 align-top">a</td>');
  });
});
