import { Button } from "./button";
import { cx } from "./cx";
import { Options, Select, type Choice } from "./input";

/** Filters that live in the URL: a GET form of labelled selects and a Filter button, server-renderable. */
export function FilterBar({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <form method="get" className="flex flex-wrap items-end gap-2" aria-label={label}>
      {children}
      <Button type="submit" variant="secondary">
        Filter
      </Button>
    </form>
  );
}

export function FilterSelect({ label, name, defaultValue, choices, className }: { label: string; name: string; defaultValue: string; choices: readonly (string | Choice)[]; className?: string }) {
  return (
    <label className="text-xs text-zinc-600">
      {label}
      <Select name={name} defaultValue={defaultValue} className={cx("mt-1", className)}>
        <Options choices={choices} />
      </Select>
    </label>
  );
}
