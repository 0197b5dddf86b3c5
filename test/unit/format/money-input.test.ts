import { describe, expect, it } from "vitest";
import { formatUnitCost, parseUsdInput } from "@/server/format/money";

describe("parseUsdInput (a model's value per correct prediction / cost per error as typed)", () => {
  it("reads empty as not set, and amounts with $ and thousands separators", () => {
    expect(parseUsdInput("", "Cost per error")).toEqual({ value: null });
    expect(parseUsdInput("   ", "Cost per error")).toEqual({ value: null });
    expect(parseUsdInput("0", "Cost per error")).toEqual({ value: 0 });
    expect(parseUsdInput("0.30", "Cost per error")).toEqual({ value: 0.3 });
    expect(parseUsdInput(" $1,250.50 ", "Cost per error")).toEqual({ value: 1250.5 });
    expect(parseUsdInput(".5", "Cost per error")).toEqual({ value: 0.5 });
    expect(parseUsdInput("1000000", "Cost per error")).toEqual({ value: 1_000_000 });
  });

  it("names the field and says why for text, negative and too large amounts", () => {
    expect(parseUsdInput("abc", "Value per correct prediction")).toEqual({ error: "Value per correct prediction must be an amount in USD, e.g. 0.30" });
    expect(parseUsdInput("1e3", "Cost per error")).toEqual({ error: "Cost per error must be an amount in USD, e.g. 0.30" });
    expect(parseUsdInput("1.2.3", "Cost per error")).toEqual({ error: "Cost per error must be an amount in USD, e.g. 0.30" });
    expect(parseUsdInput("-0.5", "Cost per error")).toEqual({ error: "Cost per error cannot be negative" });
    expect(parseUsdInput("1000000.01", "Cost per error")).toEqual({ error: "Cost per error must be at most $1,000,000" });
  });

  it("the form's read-back goes through the one money formatter", () => {
    expect(formatUnitCost(0.3, "correct prediction")).toBe("$0.30 per correct prediction");
    expect(formatUnitCost(0.0004, "error")).toBe("$0.40 per 1,000 errors");
  });
});
