"use client";

import { useModalDialog } from "./use-modal-dialog";

/** A side panel (native <dialog>, Esc closes) — full width on phones. */
export function Drawer({ open, title, onClose, children, wide }: { open: boolean; title: string; onClose: () => void; children: React.ReactNode; wide?: boolean }) {
  const ref = useModalDialog(open);
  return (
    <dialog
      ref={ref}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      aria-labelledby="drawer-title"
      className={`fixed inset-y-0 right-0 left-auto m-0 h-full max-h-none w-full ${wide ? "max-w-3xl" : "max-w-md"} border-l border-zinc-200 bg-white p-0 text-zinc-900 shadow-xl`}
    >
      {open && (
        <div className="flex h-full flex-col">
          <header className="flex items-center justify-between border-b border-zinc-100 px-4 py-3">
            <h2 id="drawer-title" className="text-sm font-semibold">
              {title}
            </h2>
            <button type="button" onClick={onClose} className="rounded px-2 text-lg text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900" aria-label="Close">
              ×
            </button>
          </header>
          <div className="flex-1 overflow-y-auto p-4">{children}</div>
        </div>
      )}
    </dialog>
  );
}
