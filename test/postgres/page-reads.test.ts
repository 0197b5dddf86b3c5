/** The page reads on PostgreSQL (the pool, named prepared statements) answer what the Prisma queries they replace answer. */
import { afterAll, beforeAll, describe, it } from "vitest";
import { createPgTestDatabase, type PgTestDatabase } from "../helpers/pg";
import { expectSameAsPrisma, fillPageReadsFixture } from "../helpers/page-reads";
import { pageReads } from "../../server/services/page-reads/reads";
import { pgRunner } from "../../server/services/page-reads/pg-runner";

let pgdb: PgTestDatabase;
beforeAll(async () => {
  pgdb = await createPgTestDatabase();
  await fillPageReadsFixture(pgdb.prisma);
});
afterAll(() => pgdb?.dispose());

describe("page reads on PostgreSQL", () => {
  it("answer what Prisma answers: memberships, the model detail, the model page's sections' and the inventory's reads — rows, order and types (twice: prepared statements reused)", async () => {
    const reads = pageReads(pgRunner(pgdb.pool));
    await expectSameAsPrisma(pgdb.prisma, reads);
    await expectSameAsPrisma(pgdb.prisma, reads);
  });
});
