import { TRPCClientError } from "@trpc/client";

export interface FieldIssue {
  field: string;
  message: string;
}

/** The server's per-field issues (`data.fields`), keyed by dotted path ("slug", "slos.0.target"). */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(error instanceof TRPCClientError)) return out;
  const fields = (error.data as { fields?: FieldIssue[] | null } | undefined)?.fields ?? [];
  for (const f of fields) {
    const key = f.field.replace(/^workspaceSlug$/, "_form");
    out[key] ??= f.message;
  }
  return out;
}

/**
 * True for input-schema failures: their message only lists the field issues (as "field: message; …",
 * or a JSON dump of issues), so the inline errors already say everything it says.
 */
export function isInputValidationError(error: unknown): boolean {
  if (!(error instanceof TRPCClientError)) return false;
  const message = error.message.trim();
  if (message.startsWith("[")) return true;
  const fields = (error.data as { fields?: FieldIssue[] | null } | undefined)?.fields ?? [];
  return fields.length > 0 && message === fields.map((f) => `${f.field}: ${f.message}`).join("; ");
}

/** A message fit to show a person: the server's own message, never a stack. */
export function messageOf(error: unknown): string {
  if (error instanceof TRPCClientError) {
    const fields = (error.data as { fields?: FieldIssue[] | null } | undefined)?.fields;
    // Zod input errors carry a JSON blob as message; prefer the first field message then.
    if (error.message.trim().startsWith("[") && fields?.length) return fields.map((f) => `${f.field}: ${f.message}`).join("; ");
    return error.message;
  }
  if (error instanceof Error) return error.message;
  return "Something went wrong.";
}

/** Focuses the first form control whose `data-field` names an errored field, in document order. */
export function focusFirstError(form: HTMLElement | null, errors: Record<string, string>) {
  if (!form) return;
  const keys = Object.keys(errors);
  if (keys.length === 0) return;
  const controls = Array.from(form.querySelectorAll<HTMLElement>("[data-field]"));
  const hit = controls.find((el) => {
    const name = el.dataset.field!;
    return keys.some((k) => k === name || k.startsWith(`${name}.`));
  });
  hit?.focus();
}
