import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/server/db/client";
import { createCaller } from "@/server/api/root";
import { createTRPCContext } from "@/server/api/trpc";
import { callerFor, createWorkspaceWith, signUp, uniqueEmail } from "../helpers/auth";

/**
 * The model page's sections each name the model (overview, audit, runbooks, guardrails, notebooks,
 * export, traffic, baselines); within one request they share one read of it.
 */
let cookie = "";
let workspaceSlug = "";

/**
 * A caller on a fresh context (one request) that counts its reads of the Model table: the model
 * detail (page reads, plain SQL) and any Prisma operation on Model.
 */
async function countingCaller() {
  const ctx = await createTRPCContext({ headers: new Headers({ cookie }), oneRequest: true });
  const counter = { modelReads: 0 };
  const counted = prisma.$extends({
    query: {
      model: {
        $allOperations({ args, query }) {
          counter.modelReads++;
          return query(args);
        },
      },
    },
  });
  const reads = {
    ...ctx.reads,
    modelDetail: (workspaceId: string, slug: string) => {
      counter.modelReads++;
      return ctx.reads.modelDetail(workspaceId, slug);
    },
  };
  return { caller: createCaller({ ...ctx, reads, prisma: counted as unknown as typeof prisma }), counter };
}

async function modelPage(caller: Awaited<ReturnType<typeof countingCaller>>["caller"]) {
  const slug = "page-reads";
  const [model, audit, runbooks, guardrails, notebooks, policy, traffic, baselines] = await Promise.all([
    caller.model.get({ workspaceSlug, slug }),
    caller.model.audit({ workspaceSlug, slug, limit: 50 }),
    caller.runbook.list({ workspaceSlug, modelSlug: slug }),
    caller.guardrail.list({ workspaceSlug, modelSlug: slug }),
    caller.notebook.list({ workspaceSlug, modelSlug: slug }),
    caller.export.policy({ workspaceSlug, slug }),
    caller.ingest.traffic({ workspaceSlug, slug }),
    caller.ingest.baselines({ workspaceSlug, slug }),
  ]);
  return { model, audit, runbooks, guardrails, notebooks, policy, traffic, baselines };
}

beforeAll(async () => {
  const editor = await signUp(uniqueEmail("page-reads"));
  cookie = editor.cookie;
  workspaceSlug = `page-reads-${Date.now()}`;
  await createWorkspaceWith(workspaceSlug, [{ userId: editor.userId, role: "editor" }]);
  const caller = await callerFor(cookie);
  await caller.model.create({
    workspaceSlug,
    slug: "page-reads",
    name: "Page reads",
    task: "binary",
    ownerTeam: "DS",
    onCall: "ds@acme.example",
    slos: [{ name: "AUC", metric: "roc_auc", op: ">=", target: 0.8 }],
    versions: [{ label: "v1", stage: "production" }],
  });
  await caller.notebook.create({ workspaceSlug, modelSlug: "page-reads", title: "Health", template: "weekly-health" });
  await caller.runbook.create({ workspaceSlug, modelSlug: "page-reads", title: "When AUC drops", topic: "other", body: "Look." });
});

describe("the model page's reads", () => {
  it("read the model once per request and answer what separate requests answer", async () => {
    const { caller, counter } = await countingCaller();
    const together = await modelPage(caller);
    expect(counter.modelReads).toBe(1);

    const apart = await Promise.all([
      callerFor(cookie).then((c) => c.model.get({ workspaceSlug, slug: "page-reads" })),
      callerFor(cookie).then((c) => c.runbook.list({ workspaceSlug, modelSlug: "page-reads" })),
      callerFor(cookie).then((c) => c.notebook.list({ workspaceSlug, modelSlug: "page-reads" })),
      callerFor(cookie).then((c) => c.guardrail.list({ workspaceSlug, modelSlug: "page-reads" })),
    ]);
    expect([together.model, together.runbooks, together.notebooks, together.guardrails]).toEqual(apart);
    expect(together.runbooks.map((r) => r.title)).toEqual(["When AUC drops"]);
    expect(together.traffic.versions.map((v) => v.version)).toEqual(["v1"]);
  });

  it("keep the SLO guardrails in line with the SLOs", async () => {
    const { caller } = await countingCaller();
    const bound = await caller.guardrail.list({ workspaceSlug, modelSlug: "page-reads" });
    expect(bound.guardrails.filter((g) => g.source === "slo").map((g) => [g.name, g.metric, g.op, g.fail])).toEqual([["SLO: AUC", "roc_auc", "<", 0.8]]);
    expect(bound.unboundSlos).toEqual([]);

    await caller.model.update({ workspaceSlug, slug: "page-reads", data: { slos: [{ name: "Recall", metric: "recall", op: ">=", target: 0.5 }, { name: "Lift", metric: "lift", op: ">=", target: 2 }] } });
    const next = await (await countingCaller()).caller.guardrail.list({ workspaceSlug, modelSlug: "page-reads" });
    expect(next.guardrails.filter((g) => g.source === "slo").map((g) => g.name)).toEqual(["SLO: Recall"]);
    expect(next.unboundSlos.map((s) => s.name)).toEqual(["Lift"]);
  });

  it("read the model afresh after a mutation in the same request", async () => {
    const { caller, counter } = await countingCaller();
    expect((await caller.model.get({ workspaceSlug, slug: "page-reads" })).versions.map((v) => v.label)).toEqual(["v1"]);
    await caller.model.addVersion({ workspaceSlug, slug: "page-reads", label: "v2", stage: "candidate" });
    const before = counter.modelReads;
    expect((await caller.model.get({ workspaceSlug, slug: "page-reads" })).versions.map((v) => v.label)).toEqual(["v1", "v2"]);
    expect(counter.modelReads).toBe(before + 1);
  });
});
