"use client";

/** One cell in the notebook editor: header with its actions, then the type's summary or editor. */
import { Badge } from "@/app/_components/ui/badge";
import { Button } from "@/app/_components/ui/button";
import { cellUI, type CellContext } from "../_cells";
import { ICONS, Icon, IconButton } from "./editor-parts";
import type { CellView } from "./types";

export function CellCard({
  cell,
  index,
  count,
  open,
  editor,
  ctx,
  onMove,
  onDuplicate,
  onDelete,
  onToggle,
  onChange,
}: {
  cell: CellView;
  index: number;
  count: number;
  open: boolean;
  editor: boolean;
  ctx: CellContext;
  onMove: (delta: number) => void;
  onDuplicate: () => void;
  onDelete: () => void;
  onToggle: () => void;
  onChange: (cell: CellView) => void;
}) {
  const ui = cellUI(cell.type);
  const label = ui.label(cell, ctx.evaluators);
  return (
    <article
      id={`cell-${cell.id}`}
      tabIndex={-1}
      data-testid="notebook-cell"
      data-cell-type={cell.type}
      aria-label={`Cell ${index + 1}: ${label}`}
      onKeyDown={(e) => {
        if (!editor || !e.altKey) return;
        if (e.key !== "ArrowUp" && e.key !== "ArrowDown") return;
        e.preventDefault();
        onMove(e.key === "ArrowUp" ? -1 : 1);
      }}
      className="rounded-lg border border-zinc-200 bg-white focus:outline-2 focus:outline-sky-600"
    >
      <header className="flex flex-wrap items-center gap-2 border-b border-zinc-100 px-3 py-2">
        <span className="text-xs text-zinc-400 tabular-nums">{index + 1}</span>
        <Badge tone={ui.badge}>{cell.type}</Badge>
        <span className="min-w-0 flex-1 truncate text-sm font-medium text-zinc-900">{label}</span>
        {ui.HeaderExtra && <ui.HeaderExtra cell={cell} />}
        {editor && (
          <div className="ml-auto flex items-center gap-0.5" role="group" aria-label="Cell actions">
            <IconButton label="Move cell up (Alt+↑)" disabled={index === 0} onClick={() => onMove(-1)}>
              <Icon d={ICONS.up} />
            </IconButton>
            <IconButton label="Move cell down (Alt+↓)" disabled={index === count - 1} onClick={() => onMove(1)}>
              <Icon d={ICONS.down} />
            </IconButton>
            <IconButton label="Duplicate cell" onClick={onDuplicate}>
              <Icon d={ICONS.duplicate} />
            </IconButton>
            <IconButton label="Delete cell" onClick={onDelete}>
              <Icon d={ICONS.delete} />
            </IconButton>
            <Button size="sm" variant="ghost" aria-expanded={open} onClick={onToggle}>
              {open ? "Done" : "Edit"}
            </Button>
          </div>
        )}
      </header>
      <div className="p-3">{open ? <ui.Editor cell={cell} ctx={ctx} onChange={onChange} /> : <ui.Summary cell={cell} ctx={ctx} />}</div>
    </article>
  );
}
