import { beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { appRouter } from "@/server/api/root";
import type { Access } from "@/server/api/trpc";
import { ROLES, roleAtLeast, type Role } from "@/server/domain/roles";
import { callerFor, createWorkspaceWith, signUp, uniqueEmail } from "../helpers/auth";
import { prisma } from "@/server/db/client";
import { API_KEY_SCOPES, createApiKey, type ApiKeyScope } from "@/server/apikeys/keys";
import { V1_ENDPOINTS } from "@/server/api/v1/endpoints";
import { routeFolderOf } from "@/server/api/v1/endpoint";

/**
 * Walks every tRPC procedure and calls it as each role, in its own workspace and in another one.
 * A new procedure without an access declaration, or whose guard does not match it, fails here.
 */
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { meta?: { access?: Access }; type: string } }>);

/** Procedures that are public on purpose. Adding one here is a security review, not a formality. */
const PUBLIC_BY_DESIGN: string[] = [
  // the share page of a report: answers only for a valid share token (hash lookup), returns that
  // report alone, the same NOT_FOUND for unknown/revoked/expired tokens (test/integration/reports)
  "report.shared",
];

type Who = "signed-out" | Role | "other-workspace-admin";
const cookies = new Map<Who, string>();
let ownSlug = "";

beforeAll(async () => {
  const users = Object.fromEntries(
    await Promise.all((["viewer", "editor", "admin", "other-workspace-admin"] as const).map(async (who) => [who, await signUp(uniqueEmail(who))])),
  ) as Record<Role | "other-workspace-admin", { userId: string; cookie: string }>;
  ownSlug = `own-${Date.now()}`;
  await createWorkspaceWith(ownSlug, ROLES.map((role) => ({ userId: users[role].userId, role })));
  await createWorkspaceWith(`other-${Date.now()}`, [{ userId: users["other-workspace-admin"].userId, role: "admin" }]);
  for (const [who, user] of Object.entries(users)) cookies.set(who as Who, user.cookie);
});

async function call(path: string, who: Who, input: unknown): Promise<string> {
  const caller = (await callerFor(cookies.get(who))) as unknown as Record<string, unknown>;
  const fn = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (i: unknown) => Promise<unknown>;
  try {
    await fn(input);
    return "OK";
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}

describe("access matrix over every tRPC procedure", () => {
  it("finds procedures to check", () => {
    expect(procedures.length).toBeGreaterThan(10);
  });

  it.each(procedures.map(([path, p]) => [path, p._def.meta?.access] as const))("%s declares its access", (_path, access) => {
    expect(["public", "authed", ...ROLES]).toContain(access);
  });

  it("has no public procedure other than those listed as public by design", () => {
    const publicOnes = procedures.filter(([, p]) => p._def.meta?.access === "public").map(([path]) => path);
    expect(publicOnes.sort()).toEqual([...PUBLIC_BY_DESIGN].sort());
  });

  for (const [path, procedure] of procedures) {
    const access = procedure._def.meta?.access;
    if (!access || access === "public") continue;

    it(`${path}: signed-out callers get UNAUTHORIZED`, async () => {
      expect(await call(path, "signed-out", { workspaceSlug: ownSlug })).toBe("UNAUTHORIZED");
    });
    if (access === "authed") continue;

    const required = access;
    for (const role of ROLES) {
      const allowed = roleAtLeast(role, required);
      it(`${path}: ${role} in own workspace is ${allowed ? "let through" : "FORBIDDEN"}`, async () => {
        const code = await call(path, role, { workspaceSlug: ownSlug });
        if (allowed) expect(["UNAUTHORIZED", "FORBIDDEN"]).not.toContain(code);
        else expect(code).toBe("FORBIDDEN");
      });
    }
    it(`${path}: an admin of another workspace is FORBIDDEN`, async () => {
      expect(await call(path, "other-workspace-admin", { workspaceSlug: ownSlug })).toBe("FORBIDDEN");
    });
  }
});

/**
 * Every HTTP API v1 endpoint called with a key of each scope: only the endpoint's scope is let
 * through; the others get 403 naming the missing scope. The route modules are the real ones.
 */
const routeModules = import.meta.glob<Record<string, RouteHandler>>("../../app/api/v1/**/route.ts");
type RouteHandler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

describe("access matrix over every v1 endpoint and API key scope", () => {
  const keys = new Map<ApiKeyScope, string>();

  beforeAll(async () => {
    const ws = await createWorkspaceWith(`scopes-${Date.now()}`, []);
    for (const scope of API_KEY_SCOPES) keys.set(scope, (await createApiKey(prisma, ws.id, { id: null, label: "matrix" }, { name: scope, scopes: [scope] })).secret);
  });

  it("new keys get the ingest scope only", async () => {
    const ws = await createWorkspaceWith(`scopes-default-${Date.now()}`, []);
    expect((await createApiKey(prisma, ws.id, { id: null, label: "matrix" }, { name: "default" })).scopes).toEqual(["ingest"]);
  });

  for (const endpoint of V1_ENDPOINTS) {
    for (const scope of API_KEY_SCOPES) {
      const allowed = scope === endpoint.scope;
      it(`${endpoint.method} ${endpoint.path}: a "${scope}" key is ${allowed ? "let through" : "FORBIDDEN"}`, async () => {
        const file = `../../app/api/v1${routeFolderOf(endpoint.path.slice("/api/v1".length))}/route.ts`;
        const load = routeModules[file];
        expect(load, `no route file ${file}`).toBeDefined();
        const handler = (await load!())[endpoint.method]!;
        const params = Object.fromEntries([...endpoint.path.matchAll(/\{(\w+)\}/g)].map((m) => [m[1]!, "nope"]));
        const res = await handler(
          new Request(`http://x${endpoint.path}`, { method: endpoint.method, headers: { authorization: `Bearer ${keys.get(scope)}` }, ...(endpoint.method === "POST" ? { body: "[]" } : {}) }),
          { params: Promise.resolve(params) },
        );
        const body = (await res.json()) as { error?: { code: string; message: string } };
        if (allowed) expect([401, 403]).not.toContain(res.status);
        else {
          expect(res.status).toBe(403);
          expect(body.error!.message).toContain(`lacks the "${endpoint.scope}" scope`);
        }
      });
    }
  }
});
