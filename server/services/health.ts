import { ensurePragmas, prisma } from "../db/client";
import { RedisUnavailableError, enqueue, getQueue, redactedRedisUrl } from "../jobs/queues";

export interface HealthResult {
  ok: boolean;
  /** Present when ok is false: what failed, in words an operator can act on. */
  error?: string;
  healthCheckId?: string;
  /** The worker that completed the health job. */
  workerId?: string;
  queue: { waiting: number; active: number; failed: number; delayed: number } | null;
  workersOnline: number | null;
  latencyMs: number;
}

/**
 * End-to-end check: writes a HealthCheck row, enqueues a `health` job, and waits until a worker
 * has marked the row completed. The database is the truth: it polls the row, not the job.
 * Never hangs: Redis down → fails within ~1.5 s; no worker → fails after timeoutMs.
 */
export async function runHealthCheck({ timeoutMs = 5000, pollMs = 50 } = {}): Promise<HealthResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  await ensurePragmas();
  await pruneHealthChecks();
  const row = await prisma.healthCheck.create({ data: {} });

  try {
    await enqueue("health", { healthCheckId: row.id }, { jobId: row.id, timeoutMs: Math.min(1500, timeoutMs) });
  } catch (err) {
    const message = err instanceof RedisUnavailableError ? err.message : `Could not enqueue the health job: ${(err as Error).message}`;
    return { ok: false, error: message, healthCheckId: row.id, queue: null, workersOnline: null, latencyMs: elapsed() };
  }

  const deadline = Date.now() + timeoutMs;
  let completed: { completedAt: Date | null; workerId: string | null } | null = null;
  while (Date.now() < deadline) {
    completed = await prisma.healthCheck.findUnique({ where: { id: row.id }, select: { completedAt: true, workerId: true } });
    if (completed?.completedAt) break;
    await new Promise((r) => setTimeout(r, pollMs));
  }
  const latencyMs = elapsed();

  let queue: HealthResult["queue"] = null;
  let workersOnline: number | null = null;
  try {
    const q = await getQueue("health");
    const counts = await q.getJobCounts("waiting", "active", "failed", "delayed");
    queue = { waiting: counts.waiting ?? 0, active: counts.active ?? 0, failed: counts.failed ?? 0, delayed: counts.delayed ?? 0 };
    workersOnline = await q.getWorkersCount();
  } catch {
    // Redis went away between enqueue and now; the result below still says what we know.
  }

  if (completed?.completedAt) {
    return { ok: true, healthCheckId: row.id, workerId: completed.workerId ?? undefined, queue, workersOnline, latencyMs };
  }
  return {
    ok: false,
    error:
      `No worker completed the health job within ${timeoutMs} ms (workers online: ${workersOnline ?? "unknown"}, ` +
      `Redis ${redactedRedisUrl()}). Is the worker running? Start it with \`npm run worker\` (npm start runs it).`,
    healthCheckId: row.id,
    queue,
    workersOnline,
    latencyMs,
  };
}

/** Rows older than this are deleted by the next deep check: they only matter while one is running. */
export const HEALTH_ROW_TTL_MS = 60 * 60_000;

export async function pruneHealthChecks(now = Date.now()): Promise<number> {
  const { count } = await prisma.healthCheck.deleteMany({ where: { requestedAt: { lt: new Date(now - HEALTH_ROW_TTL_MS) } } });
  return count;
}

/** The public answer: the web process is up and reads its database. Writes nothing, names no worker. */
export async function shallowHealthCheck(): Promise<{ ok: boolean; check: "shallow"; error?: string }> {
  try {
    await ensurePragmas();
    await prisma.$queryRaw`SELECT 1`;
    return { ok: true, check: "shallow" };
  } catch {
    return { ok: false, check: "shallow", error: "The database does not answer." };
  }
}
