"use client";

/**
 * One cell in the notebook editor: header with its actions, then the type's summary or editor,
 * then its latest result (`output`). Keys on a focused cell: Shift+Enter runs it, ↑/↓ move to the
 * previous/next cell, Esc leaves its editor, Alt+↑/↓ moves it.
 */
import type { ReactNode } from "react";
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
  onRun,
  onRunFromHere,
  running,
  onFocusSibling,
  output,
  editingLine,
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
  /** runs this cell alone (absent: the type computes nothing) */
  onRun?: () => void;
  onRunFromHere?: () => void;
  running?: boolean;
  onFocusSibling: (delta: number) => void;
  output?: ReactNode;
  /** the latest result in one line, shown above the editor while it is open (the result itself is below the editor) */
  editingLine?: ReactNode;
}) {
  const ui = cellUI(cell.type);
  const label = ui.label(cell, ctx.evaluators);
  const issue = "issue" in cell && cell.issue ? cell.issue : null;
  return (
    <article
      id={`cell-${cell.id}`}
      tabIndex={0}
      data-testid="notebook-cell"
      data-cell-id={cell.id}
      data-cell-type={cell.type}
      aria-label={`Cell ${index + 1}: ${label}`}
      aria-keyshortcuts="Shift+Enter ArrowUp ArrowDown Escape"
      onKeyDown={(e) => {
        if (e.key === "Enter" && e.shiftKey) {
          e.preventDefault();
          if (editor && onRun) onRun();
          return;
        }
        if (e.key === "Escape" && open) {
          e.preventDefault();
          onToggle();
          e.currentTarget.focus();
          return;
        }
        if (e.key !== "ArrowUp" && e.key !== "ArrowDown") return;
        if (e.altKey) {
          if (!editor) return;
          e.preventDefault();
          onMove(e.key === "ArrowUp" ? -1 : 1);
        } else if (e.target === e.currentTarget) {
          // Only from the cell itself: inside an input the arrows keep their usual meaning.
          e.preventDefault();
          onFocusSibling(e.key === "ArrowUp" ? -1 : 1);
        }
      }}
      className="scroll-mt-20 rounded-lg border border-zinc-200 bg-white focus:outline-2 focus:outline-sky-600"
    >
      <header className="flex flex-wrap items-center gap-2 border-b border-zinc-100 px-3 py-2">
        <span className="text-xs text-zinc-500 tabular-nums">{index + 1}</span>
        <Badge tone={ui.badge}>{cell.type}</Badge>
        <span className="min-w-32 flex-1 truncate text-sm font-medium text-zinc-900">{label}</span>
        {ui.HeaderExtra && <ui.HeaderExtra cell={cell} />}
        {editor && (
          <div className="ml-auto flex items-center gap-0.5" role="group" aria-label="Cell actions">
            {onRun && (
              <>
                <Button size="sm" variant="secondary" onClick={onRun} busy={running} title={issue ? `Invalid settings: ${issue}` : "Run this cell (Shift+Enter)"} aria-label="Run cell">
                  ▶ <span className="hidden sm:inline">Run</span>
                </Button>
                {onRunFromHere && (
                  <IconButton label="Run from here down" onClick={onRunFromHere} disabled={running}>
                    <Icon d={ICONS.runDown} />
                  </IconButton>
                )}
              </>
            )}
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
      {open && editingLine}
      <div className="p-3">{open ? <ui.Editor cell={cell} ctx={ctx} onChange={onChange} /> : <ui.Summary cell={cell} ctx={ctx} />}</div>
      {output}
    </article>
  );
}
