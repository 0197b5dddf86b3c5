// Seeds the demo workspace once; later runs return in well under a second.
import { mkdirSync, writeFileSync } from "node:fs";
import { prisma } from "../server/db/client";
import { seedDemoInventory } from "../server/demo/seed-inventory";
import { DEMO_USER, DEMO_WORKSPACE } from "../server/demo/inventory";
import { seedDemoRunbooks } from "../server/demo/runbooks";
import { seedDemoTrafficOnce } from "../server/demo/traffic-seed";
import { seedDemoNotebooks } from "../server/demo/notebooks";

async function main() {
  const started = Date.now();
  const created = await seedDemoInventory(prisma);
  await seedDemoRunbooks(prisma); // idempotent: adds only missing runbooks
  await seedDemoTrafficOnce(); // idempotent: skips models that already have traffic
  await seedDemoNotebooks(prisma); // idempotent: adds only missing demo notebooks
  mkdirSync("data", { recursive: true });
  writeFileSync(
    "data/demo-credentials.json",
    JSON.stringify({ email: DEMO_USER.email, password: DEMO_USER.password, workspace: DEMO_WORKSPACE.slug }, null, 2),
  );
  console.log(created ? `Seeded the demo workspace in ${Date.now() - started} ms.` : "Demo workspace already seeded.");
}

main()
  .then(() => prisma.$disconnect())
  .catch(async (error) => {
    console.error("Seeding failed:", error);
    await prisma.$disconnect();
    process.exit(1);
  });
