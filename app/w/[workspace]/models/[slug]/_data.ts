import { cache } from "react";
import { withCaller, type Caller } from "@/app/_lib/server";

export type ModelDetail = Awaited<ReturnType<Caller["model"]["get"]>>;
export type AuditPage = Awaited<ReturnType<Caller["model"]["audit"]>>;
export type MemberList = Awaited<ReturnType<Caller["workspace"]["members"]>>;

export const getModel = cache((workspaceSlug: string, slug: string) => withCaller((c) => c.model.get({ workspaceSlug, slug })));
