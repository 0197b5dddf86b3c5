import { cache } from "react";
import { withCaller, type Caller } from "@/app/_lib/server";

export type ModelDetail = Awaited<ReturnType<Caller["model"]["get"]>>;
export type AuditPage = Awaited<ReturnType<Caller["model"]["audit"]>>;

export const getModel = cache((workspaceSlug: string, slug: string) => withCaller((c) => c.model.get({ workspaceSlug, slug })));
/** The model's runbooks: the runbook panel and the guardrail form both list them. */
export const getRunbooks = cache((workspaceSlug: string, slug: string) => withCaller((c) => c.runbook.list({ workspaceSlug, modelSlug: slug })));
