/**
 * Declarations for the two common families of evaluators, so a plugin states only what is its
 * own: the family fixes `kind`, `appliesTo` and `needs`. The result is a plain `defineEvaluator`
 * definition (the contract in plugins/README.md is unchanged).
 */
import type { z } from "zod";
import { defineEvaluator, type Description, type EvaluateInput, type EvaluatorDefinition, type Task } from "./define";
import type { EvaluatorResult } from "./result";

interface FamilyDeclaration<S extends z.ZodType> {
  id: string;
  version: string;
  title: string;
  description: Description;
  config: S;
  evaluate(input: EvaluateInput<z.output<S>>): EvaluatorResult | Promise<EvaluatorResult>;
}

/**
 * A quality evaluator over labelled rows of the window (quality.binary, quality.regression, …):
 * kind `quality`, no per-column results (`columns: "none"`), labels needed, no baseline.
 */
export function defineQualityEvaluator<S extends z.ZodType>(def: FamilyDeclaration<S> & { tasks: Task[] }): EvaluatorDefinition<S> {
  return defineEvaluator({
    id: def.id,
    version: def.version,
    kind: "quality",
    title: def.title,
    description: def.description,
    appliesTo: { tasks: def.tasks, columns: "none" },
    needs: { baseline: false, labels: true },
    config: def.config,
    evaluate: def.evaluate,
  });
}

/**
 * An evaluator that compares the window's columns with a baseline and needs no labels
 * (data.summary, drift.classifier, skew.training_serving, …): kind `drift` unless it says `skew`.
 */
export function defineBaselineEvaluator<S extends z.ZodType>(
  def: FamilyDeclaration<S> & { kind?: "drift" | "skew"; columns: "numeric" | "categorical" | "any" },
): EvaluatorDefinition<S> {
  return defineEvaluator({
    id: def.id,
    version: def.version,
    kind: def.kind ?? "drift",
    title: def.title,
    description: def.description,
    appliesTo: { columns: def.columns },
    needs: { baseline: true, labels: false },
    config: def.config,
    evaluate: def.evaluate,
  });
}
