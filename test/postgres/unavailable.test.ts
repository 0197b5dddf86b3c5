/**
 * When PostgreSQL goes away (restart, failover, a terminated connection) an API call gets 503 +
 * Retry-After, not a 500 or a hang, and the next call after the server is back succeeds on a
 * fresh connection — with real connection failures, not simulated errors.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { createPgTestDatabase, type PgTestDatabase } from "../helpers/pg";
import { validateLabel, type NormalizedLabel } from "../../server/ingest/validate";

let pgdb: PgTestDatabase;
beforeAll(async () => {
  pgdb = await createPgTestDatabase();
  await pgdb.prisma.workspace.create({ data: { id: "ws-u", slug: "u", name: "U" } });
  await pgdb.prisma.model.create({ data: { id: "m-u", workspaceId: "ws-u", slug: "m", name: "M", task: "binary", ownerTeam: "t", onCall: "t" } });
}, 60_000);
afterAll(() => pgdb?.dispose());

const label = (id: string) => [validateLabel({ requestId: id, label: 1, timestamp: Date.UTC(2026, 0, 1) }, 0, Date.UTC(2026, 1, 1)) as NormalizedLabel];

describe("database unavailable", () => {
  it("answers 503 + Retry-After when nothing listens, and when the server terminates the connection", async () => {
    const { createPgPool } = await import("../../server/db/postgres");
    const { PgPredictionRepository } = await import("../../server/predictions/pg-repository");
    const { errorResponse } = await import("../../server/api/v1/errors");

    const nowhere = createPgPool("postgresql://postgres@127.0.0.1:1/x", 1);
    const refused = await new PgPredictionRepository(nowhere).writeLabels("m-u", label("a")).catch((e: unknown) => e);
    const res1 = errorResponse(refused, "req-1");
    expect(res1.status).toBe(503);
    expect(res1.headers.get("retry-after")).toBe("5");
    expect((await res1.json()).error).toMatchObject({ code: "UNAVAILABLE", message: expect.stringMatching(/Resend this request in 5 s/) });
    await nowhere.end();

    const pool = createPgPool(pgdb.url, 1);
    const repo = new PgPredictionRepository(pool);
    expect(await repo.writeLabels("m-u", label("b"))).toEqual({ accepted: 1, duplicates: 0 }); // the pool's one connection is now idle
    const admin = new pg.Client({ connectionString: pgdb.url });
    await admin.connect();
    // An idle pooled connection killed by the server (what a restart does): the pool notices and
    // the next write runs on a fresh connection.
    const idle = (await pool.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
    await admin.query("SELECT pg_terminate_backend($1)", [idle]);
    await new Promise((r) => setTimeout(r, 200));
    expect(await repo.writeLabels("m-u", label("c"))).toEqual({ accepted: 1, duplicates: 0 });

    // Killed in the middle of a write: hold the model's write lock so the write waits inside its
    // transaction, then terminate its backend.
    await admin.query("BEGIN");
    await admin.query("SELECT pg_advisory_xact_lock(hashtextextended('pred:m-u', 7365))");
    const pending = repo.writeLabels("m-u", label("d")).catch((e: unknown) => e);
    let waiting: number | undefined;
    for (let i = 0; i < 100 && waiting === undefined; i++) {
      await new Promise((r) => setTimeout(r, 50));
      waiting = (await pgdb.pool.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND application_name = 'evalbook'`)).rows[0]?.pid;
    }
    expect(waiting).toBeDefined();
    await pgdb.pool.query("SELECT pg_terminate_backend($1)", [waiting]);
    const terminated = await pending;
    await admin.query("ROLLBACK");
    await admin.end();
    expect(terminated).toBeInstanceOf(Error);
    const res2 = errorResponse(terminated, "req-2");
    expect(res2.status).toBe(503);
    expect(res2.headers.get("retry-after")).toBe("5");
    // the resend works on a fresh connection and stores the label once
    expect(await repo.writeLabels("m-u", label("d"))).toEqual({ accepted: 1, duplicates: 0 });
    expect(await repo.writeLabels("m-u", label("d"))).toEqual({ accepted: 0, duplicates: 1 });
    await pool.end();
  });

  it("still answers 500 for a bug, not 503", async () => {
    const { errorResponse } = await import("../../server/api/v1/errors");
    expect(errorResponse(new TypeError("x is undefined"), "req-3").status).toBe(500);
  });
});
