/** Markdown: text between the results, rendered and sanitized on the server; nothing to compute. */
import { z } from "zod";
import { renderMarkdown } from "../../markdown/render";
import { sanitizeHtml } from "../../markdown/sanitize";
import { defineCellType } from "../define";
import { cellIdSchema } from "../selection-schema";

export const markdownCellSchema = z.object({
  id: cellIdSchema,
  type: z.literal("markdown"),
  source: z.string().max(100_000).default(""),
});

export const markdownCell = defineCellType({
  type: "markdown",
  schema: markdownCellSchema,
  run: "static",
  start: () => ({ status: "succeeded" }),
  runView: (cell) => ({ html: renderMarkdown(cell.source) }),
  snapshot: (cell, base) => ({ ...base, html: cell.html ?? "" }),
  // Sanitized again when shown: snapshots frozen before the allow-list may hold anything.
  html: (cell, kit) => `<section class="eb-cell eb-md" data-cell="${kit.esc(cell.cellId)}">${sanitizeHtml(cell.html ?? "")}</section>`,
});
