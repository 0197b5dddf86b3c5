import { prisma } from "../db/client";
import { predictionRepository } from "../predictions";
import { DEMO_WORKSPACE } from "./inventory";
import { seedDemoTraffic } from "./traffic";

/** Called by prisma/seed.ts after the inventory: demo traffic, labels and baselines, once. */
export async function seedDemoTrafficOnce(): Promise<void> {
  const started = Date.now();
  const ws = await prisma.workspace.findUnique({ where: { slug: DEMO_WORKSPACE.slug }, select: { id: true } });
  const lines: string[] = [];
  const n = await seedDemoTraffic(ws?.id ?? null, predictionRepository(), { log: (m) => lines.push(m) });
  if (n > 0) console.log(`Seeded ${n.toLocaleString("en-US")} demo predictions with labels and baselines in ${Date.now() - started} ms:\n${lines.join("\n")}`);
}
