"use client";

import { Button } from "./button";
import { useToast } from "./toast";

/** A secret shown once (a new API key, an invitation link) with Copy and Done. */
export function SecretReveal({ message, secret, onDone, testId, secretTestId = `${testId}-secret` }: { message: React.ReactNode; secret: string; onDone: () => void; testId: string; secretTestId?: string }) {
  const toast = useToast();
  return (
    <div role="status" className="rounded-lg border border-emerald-300 bg-emerald-50 p-4" data-testid={testId}>
      <p className="text-sm font-medium text-emerald-900">{message}</p>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <code className="min-w-0 flex-1 break-all rounded bg-white px-2 py-1.5 font-mono text-xs text-zinc-900 ring-1 ring-emerald-200" data-testid={secretTestId}>
          {secret}
        </code>
        <Button
          variant="secondary"
          size="sm"
          onClick={() => {
            void navigator.clipboard?.writeText(secret);
            toast.show("Copied to the clipboard.");
          }}
        >
          Copy
        </Button>
        <Button variant="ghost" size="sm" onClick={onDone}>
          Done
        </Button>
      </div>
    </div>
  );
}
