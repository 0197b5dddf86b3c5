import { computeParts, firstPlugin } from "./compute";
import { defineCellUI } from "./define";

export const evaluatorCellUI = defineCellUI<"evaluator">({
  ...computeParts,
  type: "evaluator",
  // Before evaluators.list answers there is nothing to pick: a cell with no evaluator would not save.
  create: (ctx) => {
    const pluginId = firstPlugin(ctx);
    return pluginId ? { id: ctx.id, type: "evaluator", pluginId, config: {}, issue: null } : "The list of installed evaluators is still loading: try again in a moment.";
  },
});
