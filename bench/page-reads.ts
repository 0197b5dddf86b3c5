/**
 * `npm run bench:page-reads` — what the model page's and the inventory's reads cost, procedure by
 * procedure, in this process (no HTTP, no rendering): the same tRPC calls the pages make, on a fresh
 * demo database, each on a fresh one-request context like a page render. Per procedure: SQL
 * statements per call (every better-sqlite3 statement run, Prisma's and the raw ones) and CPU per
 * call (process.cpuUsage over BENCH_READS calls). Then each page's calls together, as the page
 * makes them (one context, in parallel).
 *
 *   BENCH_READS=200 npm run bench:page-reads
 */
import { rmSync } from "node:fs";
import { load, prepareApp, seedDemo } from "./app-harness";

const READS = Number(process.env.BENCH_READS ?? 200);
/** BENCH_SHOW_SQL=1: print every statement of one call of each procedure instead of measuring. */
const SHOW_SQL_ONCE = process.env.BENCH_SHOW_SQL === "1";
let SHOW_SQL = false;
const workspaceSlug = "demo";
const slug = "fraud-risk";

async function main() {
  const { tmp, env } = await prepareApp("page-reads");
  seedDemo(env, tmp);
  const Database = (await import("better-sqlite3")).default;
  // count every statement run, on any connection (Prisma's adapter and the raw ones)
  const probe = new Database(":memory:");
  const proto = Object.getPrototypeOf(probe.prepare("SELECT 1")) as Record<string, (...a: unknown[]) => unknown>;
  let statements = 0;
  for (const m of ["run", "get", "all", "iterate"]) {
    const original = proto[m]!;
    proto[m] = function (this: { source: string }, ...args: unknown[]) {
      statements++;
      if (SHOW_SQL) console.log(`    sql: ${this.source.replace(/\s+/g, " ").slice(0, 160)}`);
      return original.apply(this, args);
    };
  }
  probe.close();

  const { auth } = await import("../server/auth/auth");
  const { createCaller } = await import("../server/api/root");
  const { createTRPCContext } = await import("../server/api/trpc");
  const signIn = await auth.api.signInEmail({ body: { email: "demo@evalbook.local", password: "evalbook-demo" }, asResponse: true });
  const cookie = signIn.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const newCaller = async () => createCaller(await createTRPCContext({ headers: new Headers({ cookie }), oneRequest: true }));
  type Caller = Awaited<ReturnType<typeof newCaller>>;

  const modelPage: Record<string, (c: Caller) => Promise<unknown>> = {
    "me.get": (c) => c.me.get(),
    "workspace.get": (c) => c.workspace.get({ workspaceSlug }),
    "model.get": (c) => c.model.get({ workspaceSlug, slug }),
    "model.audit": (c) => c.model.audit({ workspaceSlug, slug, limit: 50 }),
    "workspace.memberEmails": (c) => c.workspace.memberEmails({ workspaceSlug }),
    "runbook.list": (c) => c.runbook.list({ workspaceSlug, modelSlug: slug }),
    "guardrail.list": (c) => c.guardrail.list({ workspaceSlug, modelSlug: slug }),
    "notebook.list": (c) => c.notebook.list({ workspaceSlug, modelSlug: slug }),
    "export.policy": (c) => c.export.policy({ workspaceSlug, slug }),
    "ingest.traffic": (c) => c.ingest.traffic({ workspaceSlug, slug }),
    "ingest.baselines": (c) => c.ingest.baselines({ workspaceSlug, slug }),
  };
  const inventory: Record<string, (c: Caller) => Promise<unknown>> = {
    "me.get": (c) => c.me.get(),
    "workspace.get": (c) => c.workspace.get({ workspaceSlug }),
    "model.facets": (c) => c.model.facets({ workspaceSlug }),
    "model.list": (c) => c.model.list({ workspaceSlug, page: 1, pageSize: 20 }),
    "guardrail.health": (c) => c.guardrail.health({ workspaceSlug }),
    "model.latestRuns": (c) => c.model.latestRuns({ workspaceSlug }),
    "ingest.workspaceTraffic": (c) => c.ingest.workspaceTraffic({ workspaceSlug }),
  };

  async function measure(fn: () => Promise<unknown>) {
    if (SHOW_SQL_ONCE) {
      await fn();
      SHOW_SQL = true;
      await fn();
      SHOW_SQL = false;
      return { statements: 0, cpuMs: 0 };
    }
    for (let i = 0; i < 20; i++) await fn(); // warm-up
    const s0 = statements;
    const c0 = process.cpuUsage();
    for (let i = 0; i < READS; i++) await fn();
    const c = process.cpuUsage(c0);
    return { statements: (statements - s0) / READS, cpuMs: (c.user + c.system) / 1000 / READS };
  }

  console.log(`${READS} calls each, load before ${load()}`);
  for (const [page, calls] of [
    ["model page", modelPage],
    ["inventory", inventory],
  ] as const) {
    // the context alone (session read, pragmas), which every call below includes
    const ctxCost = await measure(() => newCaller());
    console.log(`${page}: context ${ctxCost.statements.toFixed(1)} statements, ${ctxCost.cpuMs.toFixed(2)} ms CPU`);
    for (const [name, call] of Object.entries(calls)) {
      const r = await measure(async () => call(await newCaller()));
      console.log(`  ${name.padEnd(26)} ${r.statements.toFixed(1).padStart(5)} statements ${r.cpuMs.toFixed(2).padStart(7)} ms CPU (with its context)`);
    }
    const all = await measure(async () => {
      const c = await newCaller();
      await Promise.all(Object.values(calls).map((call) => call(c)));
    });
    console.log(`${page}, all calls on one context: ${all.statements.toFixed(1)} statements, ${all.cpuMs.toFixed(2)} ms CPU per load`);
  }
  console.log(`load after ${load()}`);
  rmSync(tmp, { recursive: true, force: true });
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
