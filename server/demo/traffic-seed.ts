import { env } from "../env";
import { openSqlite } from "../db/sqlite";
import { predictionRepository } from "../predictions";
import { seedDemoTraffic } from "./traffic";

/** Called by prisma/seed.ts after the inventory: demo traffic, labels and baselines, once. */
export async function seedDemoTrafficOnce(): Promise<void> {
  const started = Date.now();
  const db = openSqlite(env.DATABASE_URL);
  try {
    const lines: string[] = [];
    const n = await seedDemoTraffic(db, predictionRepository(), { log: (m) => lines.push(m) });
    if (n > 0) console.log(`Seeded ${n.toLocaleString("en-US")} demo predictions with labels and baselines in ${Date.now() - started} ms:\n${lines.join("\n")}`);
  } finally {
    db.close();
  }
}
