/** The page reads on SQLite (raw better-sqlite3) answer what the Prisma queries they replace answer. */
import { afterAll, beforeAll, describe, it } from "vitest";
import Database from "better-sqlite3";
import { createTestDatabase } from "../helpers/db";
import { expectSameAsPrisma, fillPageReadsFixture } from "../helpers/page-reads";
import { pageReads } from "../../server/services/page-reads/reads";
import { toDate } from "../../server/db/raw-date";
import { sqliteRunner } from "../../server/services/page-reads/sqlite-runner";
import { expect } from "vitest";

const db = createTestDatabase();
const raw = new Database(db.file);
afterAll(async () => {
  raw.close();
  await db.dispose();
});
beforeAll(() => fillPageReadsFixture(db.prisma));

describe("page reads on SQLite", () => {
  it("answer what Prisma answers: memberships, the model detail, the model page's sections' and the inventory's reads — rows, order and types", async () => {
    await expectSameAsPrisma(db.prisma, pageReads(sqliteRunner(raw)));
  });

  it("read stored times as Prisma does: ISO text with or without a zone (UTC), epoch milliseconds", () => {
    const at = Date.UTC(2026, 2, 1, 10, 0, 0, 250);
    for (const stored of ["2026-03-01T10:00:00.250+00:00", "2026-03-01T10:00:00.250Z", "2026-03-01 10:00:00.250", "2026-03-01T12:00:00.250+02:00", at]) {
      expect(toDate(stored).getTime()).toBe(at);
    }
  });
});
