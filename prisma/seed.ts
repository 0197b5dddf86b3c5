// Seeds the demo workspace once; later runs return in well under a second.
import { mkdirSync, writeFileSync } from "node:fs";
import { prisma } from "../server/db/client";
import { closeProducer } from "../server/jobs/queues";
import { seedDemoInventory } from "../server/demo/seed-inventory";
import { DEMO_USER, DEMO_WORKSPACE } from "../server/demo/inventory";
import { seedDemoRunbooks } from "../server/demo/runbooks";
import { seedDemoTrafficOnce } from "../server/demo/traffic-seed";
import { seedDemoNotebooks } from "../server/demo/notebooks";
import { seedDemoGuardrails } from "../server/demo/guardrails";

async function main() {
  const started = Date.now();
  const created = await seedDemoInventory(prisma);
  await seedDemoRunbooks(prisma); // idempotent: adds only missing runbooks
  await seedDemoTrafficOnce(); // idempotent: skips models that already have traffic
  await seedDemoNotebooks(prisma); // idempotent: adds only missing demo notebooks
  await seedDemoGuardrails(prisma); // idempotent: missing guardrails; one run per demo notebook that never ran
  mkdirSync("data", { recursive: true });
  writeFileSync(
    "data/demo-credentials.json",
    JSON.stringify({ email: DEMO_USER.email, password: DEMO_USER.password, workspace: DEMO_WORKSPACE.slug }, null, 2),
  );
  console.log(created ? `Seeded the demo workspace in ${Date.now() - started} ms.` : "Demo workspace already seeded.");
}

main()
  .then(() => Promise.all([prisma.$disconnect(), closeProducer()]))
  .catch(async (error) => {
    console.error("Seeding failed:", error);
    await prisma.$disconnect();
    process.exit(1);
  });
