/** The notebook editor's small pieces: save state, icon buttons, "Add cell", the defaults summary. */
import { cx } from "@/app/_components/ui/cx";
import { CELL_UIS } from "../_cells";
import { describeReference, describeWindow } from "@/server/format/selection";
import type { CellView, Selection } from "./types";

export type SaveState = "saved" | "dirty" | "saving" | "conflict" | "error";

export function SaveIndicator({ state }: { state: SaveState }) {
  const text = { saved: "All changes saved", dirty: "Unsaved changes…", saving: "Saving…", conflict: "Not saved (conflict)", error: "Not saved" }[state];
  return (
    <span data-testid="save-state" data-state={state} className={cx(state === "conflict" || state === "error" ? "text-red-700" : state === "saved" ? "text-zinc-500" : "text-sky-700")}>
      {text}
    </span>
  );
}

export const ICONS = {
  up: "M12 19V5m0 0-6 6m6-6 6 6",
  down: "M12 5v14m0 0 6-6m-6 6-6-6",
  duplicate: "M8 8h11v11H8zM5 16V5h11",
  delete: "M6 6l12 12M18 6 6 18",
  runDown: "M7 4l6 5-6 5zM17 5v14m0 0-3-3m3 3 3-3",
} as const;

export function Icon({ d }: { d: string }) {
  return (
    <svg viewBox="0 0 24 24" className="size-4" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d={d} />
    </svg>
  );
}

export function IconButton({ label, children, ...rest }: React.ButtonHTMLAttributes<HTMLButtonElement> & { label: string }) {
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      className="inline-flex size-7 items-center justify-center rounded text-sm text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 disabled:text-zinc-300 disabled:hover:bg-transparent"
      {...rest}
    >
      {children}
    </button>
  );
}

/** "Add markdown / evaluator / chart / comparison": one button per registered cell type. */
export function AddCell({ onAdd, canChart }: { onAdd: (t: CellView["type"]) => void; canChart: boolean }) {
  return (
    <div className="group flex flex-wrap items-center gap-1 text-xs text-zinc-600">
      <span className="mr-1">Add</span>
      {CELL_UIS.map(({ type: t, needsSource }) => (
        <button
          key={t}
          type="button"
          disabled={needsSource && !canChart}
          title={needsSource && !canChart ? `A ${t} needs an evaluator cell above it` : undefined}
          onClick={() => onAdd(t)}
          className="rounded border border-dashed border-zinc-300 px-2 py-0.5 text-zinc-600 hover:border-zinc-500 hover:bg-white hover:text-zinc-900 disabled:cursor-not-allowed disabled:opacity-40"
        >
          + {t}
        </button>
      ))}
    </div>
  );
}

export function SelectionSummary({ s }: { s: Selection }) {
  return (
    <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2 lg:grid-cols-4">
      <div>
        <dt className="text-xs text-zinc-500">Versions</dt>
        <dd className="font-mono text-xs">{s.versions.length ? s.versions.join(", ") : "production"}</dd>
      </div>
      <div>
        <dt className="text-xs text-zinc-500">Current window</dt>
        <dd>{describeWindow(s.window)}</dd>
      </div>
      <div>
        <dt className="text-xs text-zinc-500">Reference</dt>
        <dd>{describeReference(s.reference)}</dd>
      </div>
      <div>
        <dt className="text-xs text-zinc-500">Cohorts</dt>
        <dd>
          {s.cohortKeys.length ? <span className="font-mono text-xs">{s.cohortKeys.join(", ")}</span> : "all only"} <span className="text-xs text-zinc-500">(min {s.minCohortSize})</span>
        </dd>
      </div>
    </dl>
  );
}
