import { describe, expect, it } from "vitest";
import { describeCellColumns, resolveCellColumns } from "@/app/w/[workspace]/notebooks/_components/cell-columns";

const contract = ["amount", "country", "device", "hour", "x"];

describe("the columns an evaluator cell will evaluate", () => {
  it("without a baseline reference: the contract minus cohort keys", () => {
    const r = resolveCellColumns({ contract, cellColumns: [], cohortKeys: ["country"] });
    expect(r.columns).toEqual(["amount", "device", "hour", "x"]);
    expect(describeCellColumns(r)).toBe("4 columns: amount, device, hour, x");
  });

  it("with a baseline: drops contract columns the baseline lacks and names baseline-only columns", () => {
    const r = resolveCellColumns({
      contract,
      cellColumns: [],
      cohortKeys: ["country"],
      baseline: { name: "training", columns: ["amount", "country", "device", "hour", "label", "y"] },
    });
    expect(r.columns).toEqual(["amount", "device", "hour"]);
    expect(r.notInBaseline).toEqual(["x"]);
    expect(r.onlyInBaseline).toEqual(["label", "y"]);
    expect(describeCellColumns(r, "training")).toBe(
      "3 columns: amount, device, hour — `x` is in the contract but not in baseline 'training'; `label`, `y` are in baseline 'training' but not in the contract",
    );
  });

  it("explicit columns: unknown ones are named, not evaluated", () => {
    const r = resolveCellColumns({ contract, cellColumns: ["amount", "nope"], cohortKeys: [], baseline: { name: "b", columns: ["amount"] } });
    expect(r.columns).toEqual(["amount"]);
    expect(describeCellColumns(r, "b")).toBe("1 column: amount — `nope` is not in the contract");
  });
});
