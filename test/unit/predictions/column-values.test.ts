/**
 * The write path's column-wise encoder (encodeColumnValues) and contract check (checkFeatureColumn):
 * a column comes out exactly as ColumnBuilder builds it row by row — numeric, sparse, dictionary
 * after numbers, booleans, cohort numbers as categories — and violations are counted per day.
 */
import { describe, expect, it } from "vitest";
import { ColumnBuilder, encodeBlob, encodeColumnValues, type CellValue } from "../../../server/predictions/codec";
import { QualityTally, checkFeatureColumn, compileContract } from "../../../server/predictions/contract";

function byRows(vals: CellValue[], asDict = false) {
  const b = new ColumnBuilder(vals.length);
  vals.forEach((v, i) => b.set(i, v));
  return b.toColumn("x", asDict);
}

const columns: Record<string, CellValue[]> = {
  "dense numbers": Array.from({ length: 200 }, (_, i) => i * 1.5),
  "sparse numbers past the dense switch": Array.from({ length: 200 }, (_, i) => (i < 60 ? i : undefined)),
  "rare numbers": Array.from({ length: 200 }, (_, i) => (i % 50 === 0 ? -i : null)),
  "small batch": [1, null, 2.5, undefined, NaN],
  "strings after numbers": Array.from({ length: 100 }, (_, i) => (i < 70 ? i : `s${i % 3}`)),
  "booleans and numbers": Array.from({ length: 80 }, (_, i) => (i % 4 === 0 ? true : i % 4 === 1 ? false : i % 4 === 2 ? 1 : null)),
  "rare strings": Array.from({ length: 300 }, (_, i) => (i % 100 === 7 ? "x" : undefined)),
  empty: [],
};

describe("encodeColumnValues", () => {
  for (const [name, vals] of Object.entries(columns))
    for (const asDict of [false, true])
      it(`${name}${asDict ? " (as categories)" : ""}: the same bytes as ColumnBuilder`, () => {
        const fast = encodeBlob(vals.length, [encodeColumnValues("x", vals, vals.length, asDict)]);
        const reference = encodeBlob(vals.length, [byRows(vals, asDict)]);
        expect(fast.equals(reference)).toBe(true);
      });
});

describe("checkFeatureColumn", () => {
  const [age, plan, flag] = compileContract([
    { name: "age", type: "numeric", nullable: 0, min: 0, max: 120, categories: null },
    { name: "plan", type: "categorical", nullable: 1, min: null, max: null, categories: JSON.stringify(["free", "pro"]) },
    { name: "flag", type: "boolean", nullable: 1, min: null, max: null, categories: null },
  ] as never);
  const dayIndex = Int32Array.from([0, 0, 1, 1, 1]);
  const counts = (t: QualityTally[]) => t.map((x) => Object.fromEntries(x.counts));

  it("counts each kind per feature and day", () => {
    const tallies = [new QualityTally(), new QualityTally()];
    checkFeatureColumn("age", age, [5, 130, null, "old", undefined], 5, dayIndex, tallies);
    checkFeatureColumn("plan", plan, ["free", "team", "team", null, 3], 5, dayIndex, tallies);
    checkFeatureColumn("flag", flag, [true, "yes", 0, "false", 2], 5, dayIndex, tallies);
    checkFeatureColumn("extra", undefined, [1, undefined, null, "a", undefined], 5, dayIndex, tallies);
    expect(counts(tallies)).toEqual([
      { "age\u0000out_of_range": 1, "plan\u0000new_category": 1, "flag\u0000wrong_type": 1, "extra\u0000unknown_feature": 1 },
      { "age\u0000null_not_allowed": 1, "age\u0000wrong_type": 1, "age\u0000missing_feature": 1, "plan\u0000new_category": 2, "flag\u0000wrong_type": 1, "extra\u0000unknown_feature": 2 },
    ]);
  });
});
