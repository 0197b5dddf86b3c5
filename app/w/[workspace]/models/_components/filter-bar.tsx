"use client";

import { usePathname, useRouter } from "next/navigation";
import { useRef, useTransition } from "react";
import { Button, Spinner } from "@/app/_components/ui/button";
import { Input, Options, Select } from "@/app/_components/ui/input";

/**
 * Search and filters for the inventory. A plain GET form (works without JavaScript); with it, a
 * select change applies at once and the search applies on Enter. Sorting is kept; paging resets.
 */
export function FilterBar({
  values,
  owners,
  tags,
  tasks,
  stages,
  sort,
  order,
}: {
  values: { q?: string; owner?: string; stage?: string; tag?: string; task?: string };
  owners: string[];
  tags: string[];
  tasks: readonly string[];
  stages: readonly string[];
  sort: string;
  order: string;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const formRef = useRef<HTMLFormElement>(null);
  const [pending, startTransition] = useTransition();

  function apply(form: HTMLFormElement) {
    const params = new URLSearchParams();
    for (const [k, v] of new FormData(form).entries()) {
      const value = String(v).trim();
      if (value) params.set(k, value);
    }
    if (sort !== "name") params.set("sort", sort);
    if (order !== "asc") params.set("order", order);
    const qs = params.toString();
    startTransition(() => router.push(qs ? `${pathname}?${qs}` : pathname));
  }

  const selectClass = "w-full sm:w-36";
  return (
    <form
      ref={formRef}
      role="search"
      method="get"
      onSubmit={(e) => {
        e.preventDefault();
        apply(e.currentTarget);
      }}
      className="mb-3 grid grid-cols-2 gap-2 sm:flex sm:flex-wrap sm:items-center"
    >
      <div className="relative col-span-2 sm:w-72">
        <label htmlFor="model-search" className="sr-only">
          Search models
        </label>
        <Input id="model-search" name="q" type="search" placeholder="Search name, slug, endpoint…" defaultValue={values.q ?? ""} className="pr-8" />
        {pending && <Spinner className="absolute top-2.5 right-2.5 text-zinc-400" />}
      </div>
      <FilterSelect name="owner" label="Owner" value={values.owner} options={owners} className={selectClass} onPick={() => apply(formRef.current!)} />
      <FilterSelect name="stage" label="Stage" value={values.stage} options={stages} className={selectClass} onPick={() => apply(formRef.current!)} />
      <FilterSelect name="task" label="Task" value={values.task} options={tasks} className={selectClass} onPick={() => apply(formRef.current!)} />
      <FilterSelect name="tag" label="Tag" value={values.tag} options={tags} className={selectClass} onPick={() => apply(formRef.current!)} />
      <div className="col-span-2 flex gap-2 sm:col-span-1">
        <Button type="submit" variant="secondary" className="sm:hidden">
          Search
        </Button>
        {(values.q || values.owner || values.stage || values.task || values.tag) && (
          <Button
            variant="ghost"
            onClick={() => {
              formRef.current?.reset();
              startTransition(() => router.push(pathname));
            }}
          >
            Clear filters
          </Button>
        )}
      </div>
    </form>
  );
}

function FilterSelect({
  name,
  label,
  value,
  options,
  className,
  onPick,
}: {
  name: string;
  label: string;
  value?: string;
  options: readonly string[];
  className?: string;
  onPick: () => void;
}) {
  return (
    <div className={className}>
      <label htmlFor={`filter-${name}`} className="sr-only">
        {label}
      </label>
      <Select id={`filter-${name}`} name={name} defaultValue={value ?? ""} onChange={onPick} key={value ?? ""}>
        <option value="">{`Any ${label.toLowerCase()}`}</option>
        <Options choices={options} />
        {value && !options.includes(value) && <option value={value}>{value}</option>}
      </Select>
    </div>
  );
}
