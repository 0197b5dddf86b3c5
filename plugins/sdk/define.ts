import { z } from "zod";
import type { FeatureContract } from "./contract";
import type { Frame } from "./frame";
import type { EvaluatorResult } from "./result";

export const EVALUATOR_KINDS = ["metric", "drift", "quality", "skew", "cost"] as const;
export type EvaluatorKind = (typeof EVALUATOR_KINDS)[number];
export type Task = "binary" | "multiclass" | "regression" | "ranking" | "generation";

/**
 * Settings of the model the evaluator runs for, for config defaults that belong to the model
 * rather than to one cell (e.g. money per correct prediction). null = not set on the model.
 */
export interface ModelContext {
  economics: { valuePerCorrect: number | null; costPerError: number | null };
}

export interface EvaluateInput<C> {
  /** The window being judged (one cohort of it). */
  current: Frame;
  /** The reference (same cohort when the baseline has the cohort column). */
  baseline?: Frame;
  /** Parsed config, defaults applied. */
  config: C;
  /** Feature columns to evaluate (all features minus cohort keys, unless narrowed). */
  columns: string[];
  contract?: FeatureContract;
  /** What the model's owners set on the model (absent when evaluated outside a notebook run). */
  model?: ModelContext;
  /** "all" or the cohort value; for messages only: evaluate must not depend on it. */
  cohort: string;
}

export interface EvaluatorDefinition<S extends z.ZodType = z.ZodType> {
  id: string;
  version: string;
  kind: EvaluatorKind;
  title: string;
  /** States the exact definition of every statistic it reports. */
  description: string;
  appliesTo: { tasks?: Task[]; columns?: "numeric" | "categorical" | "any" | "none" };
  needs: { baseline: boolean; labels: boolean };
  /** zod schema with defaults and bounds; the UI builds its form from it. */
  config: S;
  evaluate(input: EvaluateInput<z.output<S>>): EvaluatorResult | Promise<EvaluatorResult>;
}

export type AnyEvaluator = EvaluatorDefinition<z.ZodType>;

const ID_RE = /^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)*$/;
const SEMVER_RE = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;

const definitionShape = z.object({
  id: z.string().regex(ID_RE, "id must be lower-case dotted words, e.g. drift.psi"),
  version: z.string().regex(SEMVER_RE, "version must be semver, e.g. 1.0.0"),
  kind: z.enum(EVALUATOR_KINDS),
  title: z.string().min(1),
  description: z.string().min(1),
  appliesTo: z.object({
    tasks: z.array(z.enum(["binary", "multiclass", "regression", "ranking", "generation"])).optional(),
    columns: z.enum(["numeric", "categorical", "any", "none"]).optional(),
  }),
  needs: z.object({ baseline: z.boolean(), labels: z.boolean() }),
  evaluate: z.custom<(...args: unknown[]) => unknown>((v) => typeof v === "function", "evaluate must be a function"),
});

export class PluginDefinitionError extends Error {}

/** A description as written: one string, or its sentences (joined with a space). */
export type Description = string | readonly string[];

export function joinDescription(d: Description): string {
  return typeof d === "string" ? d : d.join(" ");
}

/** What a plugin declares: the definition, with the description as one string or its sentences. */
export type EvaluatorDeclaration<S extends z.ZodType> = Omit<EvaluatorDefinition<S>, "description"> & { description: Description };

/** Declare an evaluator. Checks the declaration's shape now, not at first use. */
export function defineEvaluator<S extends z.ZodType>(decl: EvaluatorDeclaration<S>): EvaluatorDefinition<S> {
  const def = { ...decl, description: joinDescription(decl.description) };
  assertEvaluatorShape(def);
  return Object.freeze(def);
}

export function assertEvaluatorShape(def: unknown): asserts def is AnyEvaluator {
  const parsed = definitionShape.safeParse(def);
  if (!parsed.success) {
    const id = (def as { id?: unknown })?.id;
    throw new PluginDefinitionError(`invalid evaluator ${typeof id === "string" ? id : "(no id)"}: ${parsed.error.message}`);
  }
  const cfg = (def as { config?: { safeParse?: unknown } }).config;
  if (!cfg || typeof cfg.safeParse !== "function") {
    throw new PluginDefinitionError(`invalid evaluator ${(def as { id: string }).id}: config must be a zod schema`);
  }
  const defaults = (cfg as z.ZodType).safeParse({});
  if (!defaults.success) {
    throw new PluginDefinitionError(
      `invalid evaluator ${(def as { id: string }).id}: config must parse {} (give every field a default)`,
    );
  }
}

/** Parse user config against the evaluator's schema (defaults applied, bounds checked). */
export function parseConfig<S extends z.ZodType>(def: EvaluatorDefinition<S>, input: unknown): z.output<S> {
  const r = def.config.safeParse(input ?? {});
  if (!r.success) throw new ConfigError(`${def.id}@${def.version}: invalid config: ${z.prettifyError(r.error)}`);
  return r.data;
}

export class ConfigError extends Error {}

/** JSON Schema of the config (for forms and `evalbook plugins`). */
/** The config's JSON Schema (for forms and the API page), from any definition with a zod `config`. */
export function configJsonSchema(def: Pick<AnyEvaluator, "config">): unknown {
  try {
    return z.toJSONSchema(def.config, { io: "input", unrepresentable: "any" });
  } catch {
    return { type: "object", description: "schema not representable as JSON Schema" };
  }
}
