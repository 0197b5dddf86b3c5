/** The notebook page's keyboard shortcuts (opened with "?"). */
const SHORTCUTS: [string[], string][] = [
  [["Shift", "Enter"], "Run the focused cell (its result appears under it)"],
  [["Ctrl/⌘", "S"], "Save now (changes are also saved automatically)"],
  [["↑"], "Previous cell (when a cell, not a field, has focus)"],
  [["↓"], "Next cell"],
  [["Alt", "↑/↓"], "Move the focused cell up or down"],
  [["Esc"], "Leave the cell's editor (focus stays on the cell)"],
  [["Tab"], "Focus the next cell or field"],
  [["?"], "This list"],
];

export function ShortcutSheet() {
  return (
    <dl className="space-y-2 text-sm" data-testid="shortcut-sheet">
      {SHORTCUTS.map(([keys, what]) => (
        <div key={what} className="flex items-baseline justify-between gap-4">
          <dt className="flex shrink-0 gap-1">
            {keys.map((k) => (
              <kbd key={k} className="rounded border border-zinc-300 bg-zinc-50 px-1.5 py-0.5 font-mono text-xs text-zinc-800">
                {k}
              </kbd>
            ))}
          </dt>
          <dd className="text-right text-zinc-600">{what}</dd>
        </div>
      ))}
    </dl>
  );
}
