/**
 * ColumnBuilder's numeric fast path (a column that fills a quarter of its rows is written into a
 * dense array in place): every way a column can end — dense, sparse, dictionary after numbers,
 * cohort numbers as categories — reads back the values that were set.
 */
import { describe, expect, it } from "vitest";
import { ColumnBuilder, decodeHeader, encodeBlob, readCells } from "../../../server/predictions/codec";

function roundTrip(b: ColumnBuilder, asDict = false) {
  const col = b.toColumn("x", asDict);
  const blob = decodeHeader(encodeBlob(b.n, [col]));
  return { col, cells: readCells(blob, blob.byName.get("x")!) };
}

describe("ColumnBuilder", () => {
  const n = 200;
  it("a full numeric column is dense f64", () => {
    const b = new ColumnBuilder(n);
    for (let i = 0; i < n; i++) b.set(i, i * 1.5);
    const { col, cells } = roundTrip(b);
    expect(col).toMatchObject({ kind: "f64" });
    expect("rows" in col && col.rows).toBeFalsy();
    expect(cells).toEqual(Array.from({ length: n }, (_, i) => i * 1.5));
    expect(b.count).toBe(n);
  });

  it("a numeric column past the dense switch but mostly empty is stored sparse", () => {
    const b = new ColumnBuilder(n);
    for (let i = 0; i < 60; i++) b.set(i, i); // 60 ≥ n/4: dense while building, sparse when stored
    const { col, cells } = roundTrip(b);
    expect(col.kind === "f64" && col.rows?.length).toBe(60);
    expect(cells).toEqual(Array.from({ length: n }, (_, i) => (i < 60 ? i : null)));
  });

  it("a rare value stays in lists and is stored sparse", () => {
    const b = new ColumnBuilder(n);
    b.set(7, 3);
    b.set(150, NaN);
    b.set(160, null);
    const { col, cells } = roundTrip(b);
    expect(col.kind === "f64" && Array.from(col.rows ?? [])).toEqual([7]);
    expect(cells.filter((c) => c !== null)).toEqual([3]);
    expect(b.count).toBe(1);
  });

  it("a string after many numbers turns the column into a dictionary with every value", () => {
    const b = new ColumnBuilder(n);
    for (let i = 0; i < 120; i++) b.set(i, i % 3);
    b.set(130, "other");
    b.set(140, true);
    const { col, cells } = roundTrip(b);
    expect(col.kind).toBe("dict");
    expect(cells.slice(0, 120)).toEqual(Array.from({ length: 120 }, (_, i) => String(i % 3)));
    expect(cells[130]).toBe("other");
    expect(cells[140]).toBe("true");
    expect(cells[125]).toBeNull();
  });

  it("numbers stored as categories (cohorts) read back as strings", () => {
    const b = new ColumnBuilder(n);
    for (let i = 0; i < n; i++) b.set(i, i % 2);
    const { col, cells } = roundTrip(b, true);
    expect(col.kind).toBe("dict");
    expect(cells).toEqual(Array.from({ length: n }, (_, i) => String(i % 2)));
  });
});
