/** The inventory list's URL state: every filter lives in the query string so views can be shared. */
export const SORTS = ["name", "updatedAt", "task", "ownerTeam"] as const;
export type SortKey = (typeof SORTS)[number];
export const TASK_OPTIONS = ["binary", "multiclass", "regression", "ranking", "generation"] as const;
export const STAGE_OPTIONS = ["candidate", "shadow", "canary", "production", "retired"] as const;

export interface ListQuery {
  q?: string;
  owner?: string;
  stage?: (typeof STAGE_OPTIONS)[number];
  tag?: string;
  task?: (typeof TASK_OPTIONS)[number];
  sort: SortKey;
  order: "asc" | "desc";
  page: number;
}

type Params = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() || undefined;
function oneOf<T extends string>(v: string | undefined, allowed: readonly T[]): T | undefined {
  return v && (allowed as readonly string[]).includes(v) ? (v as T) : undefined;
}

export function parseListQuery(params: Params): ListQuery {
  const page = Number.parseInt(one(params.page) ?? "1", 10);
  return {
    q: one(params.q)?.slice(0, 200),
    owner: one(params.owner),
    stage: oneOf(one(params.stage), STAGE_OPTIONS),
    tag: one(params.tag),
    task: oneOf(one(params.task), TASK_OPTIONS),
    sort: oneOf(one(params.sort), SORTS) ?? "name",
    order: one(params.order) === "desc" ? "desc" : "asc",
    page: Number.isFinite(page) && page > 0 ? page : 1,
  };
}

export function listHref(base: string, query: ListQuery, patch: Partial<ListQuery> = {}): string {
  const merged = { ...query, ...patch };
  const params = new URLSearchParams();
  if (merged.q) params.set("q", merged.q);
  if (merged.owner) params.set("owner", merged.owner);
  if (merged.stage) params.set("stage", merged.stage);
  if (merged.tag) params.set("tag", merged.tag);
  if (merged.task) params.set("task", merged.task);
  if (merged.sort !== "name") params.set("sort", merged.sort);
  if (merged.order !== "asc") params.set("order", merged.order);
  if (merged.page > 1) params.set("page", String(merged.page));
  const qs = params.toString();
  return qs ? `${base}?${qs}` : base;
}

export function hasFilters(q: ListQuery) {
  return Boolean(q.q || q.owner || q.stage || q.tag || q.task);
}
