import { cache } from "react";
import { withCaller } from "@/app/_lib/server";

/** Request-scoped reads shared by the workspace layout and its pages (React `cache` dedupes them). */
export const getMe = cache(() => withCaller((c) => c.me.get()));
export const getWorkspace = cache((workspaceSlug: string) => withCaller((c) => c.workspace.get({ workspaceSlug })));

export function canEdit(role: string) {
  return role === "editor" || role === "admin";
}
