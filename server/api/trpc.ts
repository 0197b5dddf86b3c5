import { initTRPC, TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { prisma, ensurePragmas } from "../db/client";
import { readSession, type SessionState } from "../auth/session";
import { DomainError, notFound } from "../domain/errors";
import { roleAtLeast, type Role, isRole } from "../domain/roles";
import { logger } from "../logger";
import type { UserMembership } from "../services/workspaces";
import type { ModelDetailRow } from "../services/models";
import { sharedPageReads } from "../services/page-reads";

/**
 * Every procedure declares who may call it in `meta.access`; test/integration/access-matrix.test.ts
 * walks the whole router and fails on a procedure without one.
 * - "public": by design (nothing but auth pages use this)
 * - "authed": any signed-in user, no workspace involved (e.g. "my workspaces")
 * - a Role: signed in AND a member of the input's `workspaceSlug` with at least that role
 */
export type Access = "public" | "authed" | Role;
export interface Meta {
  access: Access;
}

/**
 * `oneRequest`: the context serves one request (a page render, one HTTP call), so its queries may
 * share what they read of a model (queryModel). A context kept across requests — a test's caller —
 * leaves it off and reads afresh each time.
 */
export async function createTRPCContext(opts: { headers: Headers; oneRequest?: boolean }) {
  await ensurePragmas();
  const session = await readSession(opts.headers);
  return {
    prisma,
    /** The memberships and the model detail in plain SQL (services/page-reads): the reads every page makes. */
    reads: sharedPageReads(),
    session,
    headers: opts.headers,
    memberships: new Map<string, Promise<UserMembership[]>>(),
    models: opts.oneRequest ? new Map<string, Promise<ModelDetailRow | null>>() : null,
  };
}

type MembershipRow = Awaited<ReturnType<typeof findMembership>>;

/**
 * A page's sections share one context (app/_lib/server.ts): its queries read the user's memberships
 * once — the workspace switcher's list (`me.get`) and every workspace check come from that one read.
 * A mutation forgets it (it may change roles) and checks afresh.
 */
export function queryMemberships(ctx: { reads: Context["reads"]; memberships: Context["memberships"] }, userId: string): Promise<UserMembership[]> {
  let found = ctx.memberships.get(userId);
  if (!found) {
    ctx.memberships.set(userId, (found = ctx.reads.memberships(userId)));
    found.catch(() => ctx.memberships.delete(userId));
  }
  return found;
}

/**
 * The model a query names (with its versions and contract), read once per page like the memberships:
 * the model page's sections — overview, audit, runbooks, guardrails, notebooks, export, traffic —
 * each name it, and each used to read it again. NOT_FOUND when the workspace has no such model.
 */
export async function queryModel(ctx: { reads: Context["reads"]; models: Context["models"]; workspace: { id: string } }, slug: string): Promise<ModelDetailRow> {
  const key = `${ctx.workspace.id}/${slug}`;
  const models = ctx.models;
  let found = models?.get(key);
  if (!found) {
    found = ctx.reads.modelDetail(ctx.workspace.id, slug);
    if (models) {
      models.set(key, found);
      found.catch(() => models.delete(key));
    }
  }
  const model = await found;
  if (!model) throw notFound(`No model "${slug}" in this workspace.`);
  return model;
}

function findMembership(ctx: { prisma: typeof prisma }, userId: string, slug: string) {
  return ctx.prisma.membership.findFirst({ where: { userId, workspace: { slug } }, include: { workspace: true } });
}
export type Context = Awaited<ReturnType<typeof createTRPCContext>>;

const STATUS_TO_TRPC = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  TOO_MANY_REQUESTS: "TOO_MANY_REQUESTS",
  UNAVAILABLE: "INTERNAL_SERVER_ERROR",
} as const;

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    errorFormatter({ shape, error }) {
      const cause = error.cause;
      const fields =
        cause instanceof ZodError
          ? cause.issues.map((i) => ({ field: i.path.join("."), message: i.message }))
          : cause instanceof DomainError
            ? (cause.details?.fields ?? null)
            : null;
      const hidden = error.code === "INTERNAL_SERVER_ERROR" && !(cause instanceof DomainError);
      const message = hidden ? "Something went wrong on the server; it has been logged." : shape.message;
      return {
        ...shape,
        message,
        data: { ...shape.data, stack: undefined, fields },
      };
    },
  });

export function describeZodError(error: ZodError): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ");
}

/** Maps domain and validation errors to tRPC errors and hides unexpected 5xx details (logged instead). */
const errorMapping = t.middleware(async ({ next, path }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof DomainError) {
      throw new TRPCError({ code: STATUS_TO_TRPC[cause.code], message: cause.message, cause });
    }
    if (cause instanceof ZodError) {
      throw new TRPCError({ code: "BAD_REQUEST", message: describeZodError(cause), cause });
    }
    if (result.error.code === "INTERNAL_SERVER_ERROR") logger.error({ err: result.error, path }, "procedure failed");
  }
  return result;
});

const base = t.procedure.use(errorMapping);

function requireUser(session: SessionState) {
  if (session.status === "signed-in") return session.user;
  throw new TRPCError({
    code: "UNAUTHORIZED",
    message:
      session.status === "expired"
        ? "Your session has expired. Sign in again to continue."
        : "You are not signed in. Sign in to continue.",
  });
}

export const publicProcedure = base.meta({ access: "public" });

export const authedProcedure = base.meta({ access: "authed" }).use(({ ctx, next }) => {
  const user = requireUser(ctx.session);
  return next({ ctx: { ...ctx, user } });
});

/**
 * The guard reads `workspaceSlug` from the raw input before the input schema runs, so that a
 * caller without access learns nothing about what the input should look like.
 */
export function workspaceProcedure(required: Role) {
  return base.meta({ access: required }).use(async ({ ctx, next, getRawInput, type }) => {
    const user = requireUser(ctx.session);
    const raw = (await getRawInput()) as { workspaceSlug?: unknown } | undefined;
    const slug = raw?.workspaceSlug;
    if (typeof slug !== "string" || slug.length === 0) {
      throw new TRPCError({ code: "BAD_REQUEST", message: "workspaceSlug is required" });
    }
    let membership: MembershipRow | null;
    if (type === "query") {
      membership = (await queryMemberships(ctx, user.id)).find((m) => m.workspace.slug === slug) ?? null;
    } else {
      ctx.memberships.clear();
      ctx.models?.clear();
      membership = await findMembership(ctx, user.id, slug);
    }
    if (!membership || !isRole(membership.role)) {
      throw new TRPCError({ code: "FORBIDDEN", message: `You are not a member of workspace "${slug}".` });
    }
    if (!roleAtLeast(membership.role, required)) {
      throw new TRPCError({
        code: "FORBIDDEN",
        message: `This action needs the ${required} role in "${slug}"; you are ${membership.role}.`,
      });
    }
    return next({ ctx: { ...ctx, user, workspace: membership.workspace, role: membership.role } });
  });
}

export const viewerProcedure = workspaceProcedure("viewer");
export const editorProcedure = workspaceProcedure("editor");
export const adminProcedure = workspaceProcedure("admin");

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
