"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useTRPC } from "@/app/_trpc/client";
import { messageOf } from "@/app/_trpc/errors";
import { Button } from "@/app/_components/ui/button";
import { AuditItem } from "./audit-item";

/** Older audit entries, a page at a time after the server-rendered first page. */
export function AuditMore({ workspaceSlug, slug, cursor }: { workspaceSlug: string; slug: string; cursor: string }) {
  const trpc = useTRPC();
  const q = useInfiniteQuery(
    trpc.model.audit.infiniteQueryOptions({ workspaceSlug, slug, limit: 50 }, { initialCursor: cursor, getNextPageParam: (p) => p.nextCursor ?? undefined, enabled: false }),
  );
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const more = q.data ? q.hasNextPage : true;
  return (
    <>
      {items.map((e) => (
        <AuditItem key={e.id} e={e} workspaceSlug={workspaceSlug} />
      ))}
      <li className="pt-3">
        {q.error && <p role="alert" className="mb-2 text-xs text-red-700">{messageOf(q.error)}</p>}
        {more ? (
          <Button variant="secondary" size="sm" busy={q.isFetching} onClick={() => (q.data ? q.fetchNextPage() : q.refetch())}>
            Load older changes
          </Button>
        ) : (
          <p className="text-xs text-zinc-600">That is the whole audit trail.</p>
        )}
      </li>
    </>
  );
}
