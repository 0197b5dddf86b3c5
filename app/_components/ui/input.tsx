import { cx } from "./cx";
import { FieldError } from "./field-error";

const CONTROL =
  "block rounded-md border bg-white px-2.5 text-zinc-900 placeholder:text-zinc-400 focus:border-sky-600 focus:outline-none focus:ring-2 focus:ring-sky-600/20 disabled:bg-zinc-100 disabled:text-zinc-500";

/** Default width, height and text size unless the caller's className sets its own (no class-merge library). */
function sized(className: string | undefined, height: string | null) {
  const c = className ?? "";
  return cx(!/(^|\s)(sm:|md:)?w-/.test(c) && "w-full", height && !/(^|\s)h-/.test(c) && height, !/(^|\s)text-(xs|sm|base)/.test(c) && "text-sm", c);
}

function borderFor(invalid?: boolean) {
  return invalid ? "border-red-500" : "border-zinc-300";
}

export function Input({ invalid, className, ...rest }: React.InputHTMLAttributes<HTMLInputElement> & { invalid?: boolean }) {
  return <input className={cx(CONTROL, borderFor(invalid), sized(className, "h-9"))} aria-invalid={invalid || undefined} {...rest} />;
}

export function Textarea({ invalid, className, ...rest }: React.TextareaHTMLAttributes<HTMLTextAreaElement> & { invalid?: boolean }) {
  return <textarea className={cx(CONTROL, "py-2", borderFor(invalid), sized(className, null))} aria-invalid={invalid || undefined} {...rest} />;
}

/** A choice in a select: a value shown as itself, or a value with its label. */
export type Choice = { value: string; label: string };

/** `options` are rendered after `children`, so a caller can put a special first choice ("Any", "(none)") in children. */
export function Select({
  invalid,
  className,
  options,
  children,
  ...rest
}: React.SelectHTMLAttributes<HTMLSelectElement> & { invalid?: boolean; options?: readonly (string | Choice)[] }) {
  return (
    <select className={cx(CONTROL, "pr-7", borderFor(invalid), sized(className, "h-9"))} aria-invalid={invalid || undefined} {...rest}>
      {children}
      {options && <Options choices={options} />}
    </select>
  );
}

export function Options({ choices }: { choices: readonly (string | Choice)[] }) {
  return choices.map((c) => {
    const { value, label } = typeof c === "string" ? { value: c, label: c } : c;
    return (
      <option key={value} value={value}>
        {label}
      </option>
    );
  });
}

/** Values an Input offers as it is typed in; the Input names this list with `list={id}`. */
export function Suggestions({ id, values }: { id: string; values: readonly string[] }) {
  return (
    <datalist id={id}>
      {values.map((v) => (
        <option key={v} value={v} />
      ))}
    </datalist>
  );
}

export function Checkbox({ label, className, ...rest }: React.InputHTMLAttributes<HTMLInputElement> & { label: React.ReactNode }) {
  return (
    <label className={cx("inline-flex items-center gap-2 text-sm text-zinc-800", className)}>
      <input type="checkbox" className="size-4 rounded border-zinc-300 accent-zinc-900" {...rest} />
      {label}
    </label>
  );
}

/** Label + control + hint + the server's inline error, wired with ids for screen readers. */
export function Field({
  id,
  label,
  hint,
  error,
  required,
  className,
  children,
}: {
  id: string;
  label: React.ReactNode;
  hint?: React.ReactNode;
  error?: string | null;
  required?: boolean;
  className?: string;
  children: React.ReactNode;
}) {
  return (
    <div className={className}>
      <label htmlFor={id} className="mb-1 block text-xs font-medium text-zinc-700">
        {label}
        {required && <span className="text-zinc-600"> (required)</span>}
      </label>
      {children}
      {hint && !error && <p className="mt-1 text-xs text-zinc-500">{hint}</p>}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}
