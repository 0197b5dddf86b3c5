"use client";

import Link from "next/link";
import { createContext, useContext } from "react";

/** Where "add a guardrail on this metric" links lead, for the result being shown (editors only). */
interface Target {
  workspaceSlug: string;
  modelSlug: string;
  notebookId: string;
  cellId: string;
}

const GuardrailTarget = createContext<Target | null>(null);

export function GuardrailLinkProvider({ value, children }: { value: Target | null; children: React.ReactNode }) {
  return <GuardrailTarget.Provider value={value}>{children}</GuardrailTarget.Provider>;
}

/** A small "+" next to a metric: opens the model page's guardrail form with the metric filled in. */
export function AddGuardrailLink({ metric, column }: { metric: string; column?: string }) {
  const t = useContext(GuardrailTarget);
  if (!t) return null;
  const q = new URLSearchParams({ guardrail: "new", notebook: t.notebookId, cell: t.cellId, metric, ...(column ? { column } : {}) });
  return (
    <Link
      href={`/w/${t.workspaceSlug}/models/${t.modelSlug}?${q.toString()}#guardrails`}
      className="ml-1 rounded px-0.5 font-sans text-sky-700 hover:bg-sky-50"
      title={`Add a guardrail on ${metric}${column === "*" ? " (any feature)" : ""}`}
      aria-label={`Add a guardrail on ${metric}`}
      data-testid={`add-guardrail-${metric}`}
    >
      +
    </Link>
  );
}
