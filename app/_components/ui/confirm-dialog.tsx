"use client";

import { useModalDialog } from "./use-modal-dialog";
import { Button } from "./button";

/**
 * A modal confirmation for destructive or far-reaching actions (native <dialog>: focus trap, Esc).
 * The confirm button gets focus, so Enter confirms and Esc cancels.
 */
interface ConfirmDialogProps {
  open: boolean;
  title: string;
  children?: React.ReactNode;
  confirmLabel?: string;
  tone?: "danger" | "primary";
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

export function ConfirmDialog({ open, title, children, confirmLabel = "Confirm", tone = "danger", busy = false, onConfirm, onCancel }: ConfirmDialogProps) {
  const ref = useModalDialog(open, "[data-confirm]");
  return (
    <dialog
      ref={ref}
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) onCancel();
      }}
      aria-labelledby="confirm-title"
      className="m-auto w-[calc(100%-2rem)] max-w-md text-left rounded-lg border border-zinc-200 bg-white p-0 text-zinc-900 shadow-xl"
    >
      {open && (
        <div className="p-5">
          <h2 id="confirm-title" className="text-base font-semibold">
            {title}
          </h2>
          {children && <div className="mt-2 text-sm text-zinc-600">{children}</div>}
          <div className="mt-5 flex justify-end gap-2">
            <Button variant="secondary" onClick={onCancel} disabled={busy}>
              Cancel
            </Button>
            <Button variant={tone} onClick={onConfirm} busy={busy} autoFocus data-confirm>
              {confirmLabel}
            </Button>
          </div>
        </div>
      )}
    </dialog>
  );
}

/**
 * A ConfirmDialog for an action on one chosen item (a key, a channel, a link): open while `item` is
 * set; the title and text are made from that item, and confirming passes it on.
 */
export function ConfirmItemDialog<T>({
  item,
  title,
  children,
  onConfirm,
  ...rest
}: Omit<ConfirmDialogProps, "open" | "title" | "children" | "onConfirm"> & {
  item: T | null;
  title: string | ((item: T) => string);
  children?: (item: T) => React.ReactNode;
  onConfirm: (item: T) => void;
}) {
  const open = item !== null;
  return (
    <ConfirmDialog {...rest} open={open} title={!open ? "" : typeof title === "string" ? title : title(item)} onConfirm={() => open && onConfirm(item)}>
      {open && children?.(item)}
    </ConfirmDialog>
  );
}
