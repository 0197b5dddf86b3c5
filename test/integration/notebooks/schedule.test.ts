import { describe, expect, it } from "vitest";
import { isolate, sleep, waitFor } from "./harness";

const db = isolate("nbsched");
const { workerSuite } = await import("./worker-suite");
const { slowNotebook } = await import("./faults");
const { prisma } = await import("@/server/db/client");
const { getQueue } = await import("@/server/jobs/queues");

const suite = workerSuite("nbsched", { dispose: () => db.dispose(), workers: 2 });

describe("a schedule with two workers", () => {
  it("creates exactly one run per tick, shows the schedule in words, and stops when paused", async () => {
    const { env } = suite;
    const notebookId = await slowNotebook(env, "scheduled", 1, 0);
    const w = { workspaceSlug: env.slug, notebookId };
    const set = await env.caller.notebook.setSchedule({ ...w, cron: "*/2 * * * * *", tz: "UTC" });
    expect(set.warning).toBeUndefined();
    expect(set.schedule).toMatchObject({ cron: "*/2 * * * * *", tz: "UTC", paused: false, description: "Every 2 seconds (UTC)" });
    expect(set.schedule!.nextRuns).toHaveLength(5);

    const runs = await waitFor(
      "three scheduled runs",
      async () => {
        const rows = await prisma.run.findMany({ where: { notebookId, trigger: "schedule" }, orderBy: { scheduledFor: "asc" } });
        return rows.length >= 3 ? rows : null;
      },
      40_000,
      200,
    );
    // A tick delivered twice (a duplicate job for an existing tick) still makes no second run.
    const tick = runs[0]!.scheduledFor!.getTime();
    const q = await getQueue("notebookSchedule");
    const dup = await q.add("tick", { notebookId }, { jobId: `dup-tick-${tick}` });
    await waitFor("the duplicate tick to be processed", async () => (await dup.getState()) === "completed", 10_000);
    expect((await q.getJob(dup.id!))!.returnvalue).toMatchObject({ runId: runs[0]!.id, existing: true });

    const paused = await env.caller.notebook.pauseSchedule(w);
    expect(paused.schedule).toMatchObject({ paused: true, nextRuns: [] });
    await sleep(500);
    const countAtPause = await prisma.run.count({ where: { notebookId, trigger: "schedule" } });
    await sleep(4500);
    const all = await prisma.run.findMany({ where: { notebookId, trigger: "schedule" }, orderBy: { scheduledFor: "asc" } });
    expect(all.length).toBe(countAtPause);

    const ticks = all.map((r) => r.scheduledFor!.getTime());
    expect(new Set(ticks).size).toBe(ticks.length); // one run per tick
    for (const t of ticks) expect(t % 2000).toBe(0); // on the cron's 2-second boundaries
    expect(all.every((r) => r.dedupeKey === `${notebookId}@${r.scheduledFor!.toISOString()}`)).toBe(true);

    const resumed = await env.caller.notebook.resumeSchedule(w);
    expect(resumed.schedule).toMatchObject({ paused: false });
    await waitFor("a run after resuming", async () => (await prisma.run.count({ where: { notebookId, trigger: "schedule" } })) > countAtPause, 15_000, 200);
    await env.caller.notebook.clearSchedule(w);
    expect((await env.caller.notebook.get(w)).schedule).toBeNull();
  }, 90_000);
});
