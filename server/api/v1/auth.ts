import { prisma, ensurePragmas } from "../../db/client";
import { DomainError, notFound } from "../../domain/errors";
import { isRole, roleAtLeast } from "../../domain/roles";
import { readSession } from "../../auth/session";
import { apiKeyActor, userActor, type Actor } from "../../services/audit";
import { touchApiKey, verifyPresentedKey, type VerifiedKey } from "../../apikeys/keys";
import type { Endpoint } from "./endpoint";

export type V1Auth = { actor: Actor; workspaceId: string; workspaceSlug: string } & (
  | { kind: "key"; key: VerifiedKey }
  | { kind: "session"; userId: string; email: string }
);

const unauthorized = (message: string) => new DomainError("UNAUTHORIZED", message);
const HOW_TO_GET_A_KEY = "Workspace admins create keys under Settings → API keys, or with `evalbook keys create --workspace SLUG --name NAME --scope SCOPE`.";

/**
 * Who is calling, in which workspace, and may they call this endpoint: a Bearer API key with the
 * endpoint's scope, or — where the endpoint allows it — a signed-in member with the role, whose
 * workspace comes from the X-Evalbook-Workspace header or from `workspaceOf` (the resource itself).
 */
export async function authenticate(
  req: Request,
  endpoint: Endpoint,
  resource?: { workspaceOf: () => Promise<string | null>; missing: string },
): Promise<V1Auth> {
  const header = req.headers.get("authorization");
  if (!header) {
    if (endpoint.session && resource) return sessionAuthByResource(req, endpoint.session, resource);
    const workspaceSlug = req.headers.get("x-evalbook-workspace");
    if (endpoint.session && workspaceSlug) return sessionAuth(req, workspaceSlug, endpoint.session);
    throw unauthorized(`Missing API key: send the header "Authorization: Bearer <key>". ${HOW_TO_GET_A_KEY}`);
  }
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!m) throw unauthorized(`The Authorization header must be "Bearer <key>" (got "${header.slice(0, 12)}…").`);
  const check = await verifyPresentedKey(m[1]!);
  if (!check.ok) {
    if (check.reason === "revoked") throw unauthorized(`This API key has been revoked. Create a new one and update your client. ${HOW_TO_GET_A_KEY}`);
    if (check.reason === "malformed") throw unauthorized(`That is not an evalbook API key (they start with "eb_live_"). ${HOW_TO_GET_A_KEY}`);
    throw unauthorized(`This API key is not valid (check for a copy/paste error; the secret is shown only once). ${HOW_TO_GET_A_KEY}`);
  }
  const key = check.key;
  if (resource && (await resource.workspaceOf()) !== key.workspaceId) throw notFound(resource.missing); // another workspace's look unknown
  if (!key.scopes.includes(endpoint.scope))
    throw new DomainError(
      "FORBIDDEN",
      `This API key lacks the "${endpoint.scope}" scope needed for ${endpoint.method} ${endpoint.path} (it has: ${key.scopes.join(", ") || "none"}). Create a key with --scope ${endpoint.scope}.`,
      { missingScope: endpoint.scope, keyScopes: key.scopes },
    );
  touchApiKey(prisma, key.id);
  return { kind: "key", key, workspaceId: key.workspaceId, workspaceSlug: key.workspaceSlug, actor: apiKeyActor(key.id) };
}

async function signedInUser(req: Request) {
  await ensurePragmas();
  const session = await readSession(req.headers);
  if (session.status !== "signed-in") throw unauthorized("Sign in, or send an API key as \"Authorization: Bearer <key>\".");
  return session.user;
}

async function sessionAuth(req: Request, workspaceSlug: string, required: "viewer" | "editor" | "admin"): Promise<V1Auth> {
  const user = await signedInUser(req);
  const membership = await prisma.membership.findFirst({ where: { userId: user.id, workspace: { slug: workspaceSlug } } });
  if (!membership || !isRole(membership.role)) throw new DomainError("FORBIDDEN", `You are not a member of workspace "${workspaceSlug}".`);
  if (!roleAtLeast(membership.role, required)) throw new DomainError("FORBIDDEN", `This needs the ${required} role in "${workspaceSlug}"; you are ${membership.role}.`);
  return { kind: "session", userId: user.id, email: user.email, workspaceId: membership.workspaceId, workspaceSlug, actor: userActor(user) };
}

async function sessionAuthByResource(
  req: Request,
  required: "viewer" | "editor" | "admin",
  resource: { workspaceOf: () => Promise<string | null>; missing: string },
): Promise<V1Auth> {
  const user = await signedInUser(req);
  const workspaceId = await resource.workspaceOf();
  const membership = workspaceId ? await prisma.membership.findFirst({ where: { userId: user.id, workspaceId }, include: { workspace: true } }) : null;
  if (!membership || !isRole(membership.role)) throw notFound(resource.missing);
  if (!roleAtLeast(membership.role, required)) throw new DomainError("FORBIDDEN", `This needs the ${required} role; you are ${membership.role}.`);
  return { kind: "session", userId: user.id, email: user.email, workspaceId: membership.workspaceId, workspaceSlug: membership.workspace.slug, actor: userActor(user) };
}
