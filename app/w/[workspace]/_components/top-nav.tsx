"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cx } from "@/app/_components/ui/cx";

export function TopNav({ items }: { items: { label: string; href: string }[] }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Workspace" className="-mb-2 flex w-full gap-1 relative overflow-x-auto sm:mb-0 sm:w-auto">
      {items.map((item) => {
        const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={active ? "page" : undefined}
            className={cx(
              "border-b-2 px-2 py-2 text-sm whitespace-nowrap sm:rounded-md sm:border-b-0 sm:py-1",
              active ? "border-zinc-900 font-medium text-zinc-900 sm:bg-zinc-100" : "border-transparent text-zinc-600 hover:text-zinc-900 sm:hover:bg-zinc-50",
            )}
          >
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}
