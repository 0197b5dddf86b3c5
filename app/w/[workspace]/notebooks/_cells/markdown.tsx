import { MarkdownEditor, MarkdownView } from "../_components/cell-editors";
import { defineCellUI } from "./define";

export const markdownCellUI = defineCellUI<"markdown">({
  type: "markdown",
  badge: "muted",
  compute: false,
  label: () => "Markdown",
  create: ({ id }) => ({ id, type: "markdown", source: "## Notes\n\nWhat this section checks and why.", html: "" }),
  fromSaved: (local, saved) => (saved.source === local.source ? { ...local, html: saved.html } : local),
  Summary: ({ cell }) => <MarkdownView html={cell.html} />,
  Editor: ({ cell, onChange }) => <MarkdownEditor cell={cell} onChange={onChange} />,
});
