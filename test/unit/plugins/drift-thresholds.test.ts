/**
 * The per-column drift tests declare `threshold` and `warn` through pValueThresholds /
 * statisticThresholds: each keeps its default, its bounds and the rule its description states.
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseConfig, type AnyEvaluator } from "@/plugins/sdk";
import { BUILTIN_EVALUATORS } from "@/plugins/index";

const byId = (id: string) => BUILTIN_EVALUATORS.find((e) => e.id === id)!;
interface NumberField {
  description?: string;
  minimum?: number;
  maximum?: number;
  anyOf?: NumberField[];
}
const fields = (e: AnyEvaluator) => (z.toJSONSchema(e.config, { io: "input" }) as { properties: Record<string, NumberField> }).properties;
/** A nullable field's number branch. */
const numberOf = (f: NumberField) => f.anyOf?.find((b) => "minimum" in b) ?? f;

// id → [default threshold, default warn, min, max (undefined: unbounded), description of threshold]
const EXPECTED: Record<string, [number, number | null, number, number | undefined, string]> = {
  "drift.ks": [0.05, null, 0, 1, "drift when p_value < threshold"],
  "drift.cramervonmises": [0.05, null, 0, 1, "drift when p_value < threshold"],
  "drift.fisher": [0.05, null, 0, 1, "drift when p_value < threshold"],
  "drift.mmd": [0.05, null, 0, 1, "drift when p_value < threshold"],
  "drift.chisquare": [0.05, null, 0, 1, "drift when p_value < threshold"],
  "drift.anderson": [0.05, null, 0.001, 0.25, "drift when p_value < threshold (p is only defined in [0.001, 0.25])"],
  "drift.hellinger": [0.1, null, 0, 1, "drift when distance ≥ threshold"],
  "drift.tvd": [0.1, null, 0, 1, "drift when distance ≥ threshold"],
  "drift.jensenshannon": [0.1, null, 0, 1, "drift when distance ≥ threshold"],
  "drift.energy": [0.1, null, 0, undefined, "drift when normed ≥ threshold"],
  "drift.wasserstein": [0.1, null, 0, undefined, "drift when normed ≥ threshold"],
  "drift.psi": [0.25, 0.1, 0, undefined, "drift when psi ≥ threshold"],
};

describe("threshold and warn of the per-column drift tests", () => {
  for (const [id, [threshold, warn, min, max, description]] of Object.entries(EXPECTED)) {
    it(`${id}: defaults ${threshold} / ${warn}, bounds [${min}, ${max ?? "∞"}]`, () => {
      const evaluator = byId(id);
      const parsed = parseConfig(evaluator, {}) as { threshold: number; warn: number | null };
      expect(parsed.threshold).toBe(threshold);
      expect(parsed.warn).toBe(warn);
      const { threshold: t, warn: w } = fields(evaluator);
      expect(t).toMatchObject({ minimum: min, description });
      expect(t!.maximum).toBe(max);
      expect(numberOf(w!).minimum).toBe(min);
      expect(numberOf(w!).maximum).toBe(max);
      expect(w!.description).toMatch(/^warn when (p_value <|\w+ ≥) warn$/);
      expect(() => parseConfig(evaluator, { threshold: min - 0.001 })).toThrow(/threshold/);
      if (max !== undefined) expect(() => parseConfig(evaluator, { warn: max + 0.001 })).toThrow(/warn/);
    });
  }
});
