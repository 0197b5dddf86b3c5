import { computeParts, firstPlugin } from "./compute";
import { defineCellUI } from "./define";

export const evaluatorCellUI = defineCellUI<"evaluator">({
  ...computeParts,
  type: "evaluator",
  create: (ctx) => ({ id: ctx.id, type: "evaluator", pluginId: firstPlugin(ctx), config: {}, issue: null }),
});
