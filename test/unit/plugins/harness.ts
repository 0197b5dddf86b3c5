import { parseConfig, validateResult, type AnyEvaluator, type EvaluatorResult, type FeatureContract, type Frame, type ModelContext } from "@/plugins/sdk";

/** Run an evaluator the way the runner does, but with strict result validation (no NaN, reasons for nulls). */
export async function run(
  ev: AnyEvaluator,
  input: { current: Frame; baseline?: Frame; config?: unknown; columns?: string[]; contract?: FeatureContract; model?: ModelContext },
): Promise<EvaluatorResult> {
  const raw = await ev.evaluate({
    current: input.current,
    baseline: input.baseline,
    config: parseConfig(ev, input.config ?? {}),
    columns: input.columns ?? Object.keys(input.current.features),
    contract: input.contract,
    model: input.model,
    cohort: "all",
  });
  return validateResult(raw, { strict: true });
}
