import { computeParts, firstPlugin } from "./compute";
import { defineCellUI } from "./define";

export const comparisonCellUI = defineCellUI<"comparison">({
  ...computeParts,
  type: "comparison",
  create: (ctx) => {
    const versions = ctx.model.versions;
    const prod = versions.find((v) => v.stage === "production")?.label ?? versions[0]?.label ?? "";
    const other = versions.find((v) => v.label !== prod && v.stage !== "retired")?.label ?? prod;
    return {
      id: ctx.id,
      type: "comparison",
      pluginId: firstPlugin(ctx, "compare") || firstPlugin(ctx),
      config: {},
      a: { kind: "version", version: prod, label: `${prod} (production)` },
      b: { kind: "version", version: other },
      issue: null,
    };
  },
});
