"use client";

import { useEffect } from "react";
import { Button } from "@/app/_components/ui/button";

/** The workspace area's error boundary: says what happened and offers a retry, never a stack. */
export default function WorkspaceError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-900">
      <p className="font-medium">This page could not be loaded.</p>
      <p className="mt-1 text-red-800">
        The server hit an error{error.digest ? ` (reference ${error.digest})` : ""}. Try again; if it keeps happening, the server log has the details.
      </p>
      <Button variant="secondary" size="sm" className="mt-3" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}
