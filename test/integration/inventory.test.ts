import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/server/db/client";
import { callerFor, createWorkspaceWith, inviteTokenOf, signUp, uniqueEmail } from "../helpers/auth";
import { trpcError } from "../helpers/trpc-error";

type Caller = Awaited<ReturnType<typeof callerFor>>;
let editor: Caller;
let viewer: Caller;
let admin: Caller;
let workspaceSlug = "";

const baseModel = {
  name: "Churn predictor",
  task: "binary" as const,
  ownerTeam: "Retention DS",
  onCall: "retention@acme.example",
  endpoint: "churn-svc /score",
  businessMetric: "Saved MRR",
  tags: ["retention"],
  slos: [{ name: "AUC ≥ 0.8", metric: "roc_auc", op: ">=" as const, target: 0.8 }],
};

beforeAll(async () => {
  const [a, e, v] = await Promise.all([signUp(uniqueEmail("adm")), signUp(uniqueEmail("ed")), signUp(uniqueEmail("vw"))]);
  workspaceSlug = `inv-${Date.now()}`;
  await createWorkspaceWith(workspaceSlug, [
    { userId: a.userId, role: "admin" },
    { userId: e.userId, role: "editor" },
    { userId: v.userId, role: "viewer" },
  ]);
  [admin, editor, viewer] = await Promise.all([callerFor(a.cookie), callerFor(e.cookie), callerFor(v.cookie)]);
});

describe("model inventory", () => {
  it("creates a model with versions and finds it by search and filters", async () => {
    await editor.model.create({
      workspaceSlug,
      slug: "churn",
      ...baseModel,
      versions: [
        { label: "v1", stage: "production" },
        { label: "v2", stage: "candidate" },
      ],
    });
    const bySearch = await viewer.model.list({ workspaceSlug, q: "Churn" });
    expect(bySearch.items.map((m) => m.slug)).toEqual(["churn"]);
    expect(bySearch.items[0]!.productionVersion).toBe("v1");
    expect((await viewer.model.list({ workspaceSlug, stage: "candidate" })).total).toBe(1);
    expect((await viewer.model.list({ workspaceSlug, tag: "retention" })).total).toBe(1);
    expect((await viewer.model.list({ workspaceSlug, tag: "other" })).total).toBe(0);
    expect((await viewer.model.list({ workspaceSlug, task: "regression" })).total).toBe(0);
  });

  it("rejects an invalid slug with a message about the slug field", async () => {
    const error = await trpcError(editor.model.create({ workspaceSlug, slug: "Not A Slug!", ...baseModel }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toMatch(/lowercase letters, digits and hyphens/);
  });

  it("rejects a duplicate slug as a conflict on the slug field", async () => {
    const error = await trpcError(editor.model.create({ workspaceSlug, slug: "churn", ...baseModel }));
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toContain('"churn" already exists');
  });

  it("rejects two production versions and stores nothing", async () => {
    const error = await trpcError(
      editor.model.create({
        workspaceSlug,
        slug: "two-prod",
        ...baseModel,
        versions: [
          { label: "a", stage: "production" },
          { label: "b", stage: "production" },
        ],
      }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toMatch(/Only one version can be in production/);
    expect(await prisma.model.count({ where: { slug: "two-prod" } })).toBe(0);
  });

  it("moving a version to production retires the previous one and records both in history and audit", async () => {
    await editor.model.setStage({ workspaceSlug, slug: "churn", label: "v2", stage: "production" });
    const model = await viewer.model.get({ workspaceSlug, slug: "churn" });
    const stages = Object.fromEntries(model.versions.map((v) => [v.label, v.stage]));
    expect(stages).toEqual({ v1: "retired", v2: "production" });
    expect(model.versions.find((v) => v.label === "v2")!.stageEvents[0]).toMatchObject({ fromStage: "candidate", toStage: "production" });
    const audit = await viewer.model.audit({ workspaceSlug, slug: "churn" });
    expect(audit.items[0]).toMatchObject({ action: "version.stage_changed", changes: { v2: ["candidate", "production"], v1: ["production", "retired"] } });
  });

  it("records who changed which field", async () => {
    await editor.model.update({ workspaceSlug, slug: "churn", data: { ownerTeam: "Lifecycle DS", tags: ["retention", "tier-2"] } });
    const audit = await viewer.model.audit({ workspaceSlug, slug: "churn" });
    expect(audit.items[0]).toMatchObject({
      action: "model.updated",
      changes: { ownerTeam: ["Retention DS", "Lifecycle DS"], tags: [["retention"], ["retention", "tier-2"]] },
    });
    expect(audit.items[0]!.actorLabel).toMatch(/^ed-/);
  });

  it("stores the model's economics (value per correct prediction, cost per error) and rejects bad amounts by field", async () => {
    await editor.model.update({ workspaceSlug, slug: "churn", data: { valuePerCorrectUsd: 0.3, costPerErrorUsd: 2.4 } });
    expect(await viewer.model.get({ workspaceSlug, slug: "churn" })).toMatchObject({ valuePerCorrectUsd: 0.3, costPerErrorUsd: 2.4 });
    const audit = await viewer.model.audit({ workspaceSlug, slug: "churn" });
    expect(audit.items[0]).toMatchObject({ action: "model.updated", changes: { valuePerCorrectUsd: [null, 0.3], costPerErrorUsd: [null, 2.4] } });

    const negative = await trpcError(editor.model.update({ workspaceSlug, slug: "churn", data: { costPerErrorUsd: -1 } }));
    expect(negative.code).toBe("BAD_REQUEST");
    expect(negative.message).toBe("data.costPerErrorUsd: Cost per error cannot be negative");
    const huge = await trpcError(editor.model.update({ workspaceSlug, slug: "churn", data: { valuePerCorrectUsd: 2e6 } }));
    expect(huge.message).toBe("data.valuePerCorrectUsd: Value per correct prediction must be at most $1,000,000");
    const text = await trpcError(editor.model.update({ workspaceSlug, slug: "churn", data: { valuePerCorrectUsd: "0.3" as unknown as number } }));
    expect(text.message).toBe("data.valuePerCorrectUsd: Value per correct prediction must be an amount in USD, e.g. 0.30");
    expect(await viewer.model.get({ workspaceSlug, slug: "churn" })).toMatchObject({ valuePerCorrectUsd: 0.3, costPerErrorUsd: 2.4 });

    // null clears a value (the form's empty field)
    await editor.model.update({ workspaceSlug, slug: "churn", data: { valuePerCorrectUsd: null } });
    expect(await viewer.model.get({ workspaceSlug, slug: "churn" })).toMatchObject({ valuePerCorrectUsd: null, costPerErrorUsd: 2.4 });
  });

  it("replaces the feature contract and rejects a bad range with the field named", async () => {
    await editor.model.setContract({
      workspaceSlug,
      slug: "churn",
      features: [
        { name: "tenure_days", type: "numeric", key: true, nullable: false, min: 0, max: 5000 },
        { name: "plan", type: "categorical", key: false, nullable: false, categories: ["free", "pro"] },
      ],
    });
    expect((await viewer.model.get({ workspaceSlug, slug: "churn" })).features.map((f) => f.name)).toEqual(["tenure_days", "plan"]);
    const error = await trpcError(
      editor.model.setContract({ workspaceSlug, slug: "churn", features: [{ name: "x", type: "numeric", key: false, nullable: true, min: 5, max: 1 }] }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toMatch(/min \(5\) must not exceed max \(1\)/);
    expect((await viewer.model.get({ workspaceSlug, slug: "churn" })).features).toHaveLength(2);
  });

  it("a viewer cannot change anything", async () => {
    const error = await trpcError(viewer.model.update({ workspaceSlug, slug: "churn", data: { name: "nope" } }));
    expect(error.code).toBe("FORBIDDEN");
    expect(error.message).toMatch(/needs the editor role/);
  });

  it("a model of another workspace is not found from this one", async () => {
    const other = await signUp(uniqueEmail("other"));
    const otherSlug = `other-inv-${Date.now()}`;
    await createWorkspaceWith(otherSlug, [{ userId: other.userId, role: "admin" }]);
    const otherCaller = await callerFor(other.cookie);
    await otherCaller.model.create({ workspaceSlug: otherSlug, slug: "secret-model", ...baseModel });
    const error = await trpcError(viewer.model.get({ workspaceSlug, slug: "secret-model" }));
    expect(error.code).toBe("NOT_FOUND");
  });
});

describe("members and sessions", () => {
  it("rejects an unknown role with the allowed roles named", async () => {
    const error = await trpcError(admin.workspace.invite({ workspaceSlug, email: "new@test.local", role: "owner" as never }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toMatch(/Unknown role "owner": use one of viewer, editor, admin/);
    expect(await prisma.invitation.count({ where: { email: "new@test.local" } })).toBe(0);
  });

  it("an invited address joins with its role on sign-up", async () => {
    const email = uniqueEmail("invitee");
    const invited = await admin.workspace.invite({ workspaceSlug, email, role: "editor" });
    expect(invited).toMatchObject({ status: "invited" });
    const invitee = await signUp(email, undefined, inviteTokenOf((invited as { inviteUrl: string }).inviteUrl));
    const me = await (await callerFor(invitee.cookie)).me.get();
    expect(me.workspaces).toContainEqual(expect.objectContaining({ slug: workspaceSlug, role: "editor" }));
  });

  it("an expired session gets a specific message", async () => {
    const user = await signUp(uniqueEmail("expiring"));
    await prisma.session.updateMany({ where: { userId: user.userId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const error = await trpcError((await callerFor(user.cookie)).me.get());
    expect(error.code).toBe("UNAUTHORIZED");
    expect(error.message).toMatch(/session has expired/);
  });

  it("the last admin cannot demote themself", async () => {
    const me = await admin.me.get();
    const error = await trpcError(admin.workspace.setRole({ workspaceSlug, userId: me.user.id, role: "viewer" }));
    expect(error.message).toMatch(/at least one admin/);
  });
});
