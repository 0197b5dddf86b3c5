import type { PrismaClient } from "../generated/prisma/client";
import { auth } from "../auth/auth";
import { newInvitationToken } from "../auth/invitations";
import { INVITE_HEADER } from "../auth/signup-policy";
import { createModel, replaceFeatureContract } from "../services/models";
import { DEMO_MODELS, DEMO_USER, DEMO_WORKSPACE } from "./inventory";

/** Creates the demo workspace, its admin and its model inventory. Returns false when already seeded. */
export async function seedDemoInventory(db: PrismaClient): Promise<boolean> {
  if (await db.workspace.findUnique({ where: { slug: DEMO_WORKSPACE.slug } })) return false;
  const workspace = await db.workspace.create({ data: DEMO_WORKSPACE });
  // The demo user joins through the ordinary invitation path, so the seed exercises real sign-up.
  const invite = newInvitationToken();
  await db.invitation.create({
    data: { workspaceId: workspace.id, email: DEMO_USER.email, role: "admin", invitedById: "seed", tokenHash: invite.hash, expiresAt: invite.expiresAt },
  });
  const existing = await db.user.findUnique({ where: { email: DEMO_USER.email } });
  if (existing) {
    await db.membership.create({ data: { workspaceId: workspace.id, userId: existing.id, role: "admin" } });
  } else {
    await auth.api.signUpEmail({
      body: { email: DEMO_USER.email, password: DEMO_USER.password, name: DEMO_USER.name },
      headers: new Headers({ [INVITE_HEADER]: invite.token }),
    });
  }
  const user = await db.user.findUniqueOrThrow({ where: { email: DEMO_USER.email } });
  const actor = { id: user.id, label: "demo seed" };
  for (const model of DEMO_MODELS) {
    const { features, ...fields } = model;
    await createModel(db, workspace.id, actor, fields);
    await replaceFeatureContract(db, workspace.id, actor, model.slug, features);
  }
  return true;
}
