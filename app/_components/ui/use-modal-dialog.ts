"use client";

import { useEffect, useRef } from "react";

/** A ref for a native <dialog> shown as a modal while `open` and closed otherwise. */
export function useModalDialog(open: boolean, focusSelector?: string) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      // showModal focuses the first focusable element; a dialog may name the one meant to have it
      if (focusSelector) dialog.querySelector<HTMLElement>(focusSelector)?.focus();
    }
    if (!open && dialog.open) dialog.close();
  }, [open, focusSelector]);
  return ref;
}
