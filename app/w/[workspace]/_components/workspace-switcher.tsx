"use client";

import { useRouter } from "next/navigation";
import { Options } from "@/app/_components/ui/input";

export function WorkspaceSwitcher({ current, workspaces }: { current: string; workspaces: { slug: string; name: string }[] }) {
  const router = useRouter();
  const known = workspaces.some((w) => w.slug === current);
  return (
    <label className="flex min-w-0 flex-1 items-center gap-1 text-sm sm:flex-none">
      <span className="sr-only">Workspace</span>
      <span aria-hidden="true" className="text-zinc-300">
        /
      </span>
      <select
        value={current}
        onChange={(e) => router.push(`/w/${e.target.value}/models`)}
        className="max-w-44 truncate rounded-md border-0 bg-transparent py-1 pr-6 pl-1 text-sm font-medium text-zinc-900 hover:bg-zinc-100 focus:ring-2 focus:ring-sky-600/30 sm:max-w-64"
        data-testid="workspace-switcher"
      >
        {!known && <option value={current}>{current}</option>}
        <Options choices={workspaces.map((w) => ({ value: w.slug, label: w.name }))} />
      </select>
    </label>
  );
}
