/**
 * `evalbook keys create|list|revoke` — API keys without the UI (scripts, tests, first setup).
 * Works on the local database (DATABASE_URL), like the seed.
 */
import { InvalidArgumentError, type Command } from "commander";
import { API_KEY_SCOPES, type ApiKeyScope } from "../apikeys/scopes";

async function workspaceId(slug: string) {
  const { prisma } = await import("../db/client");
  const ws = await prisma.workspace.findUnique({ where: { slug } });
  if (!ws) throw new Error(`no workspace "${slug}"`);
  return { prisma, id: ws.id };
}

const CLI_ACTOR = { id: null, label: "cli" };

export function registerKeysCommands(program: Command): void {
  const keys = program.command("keys").description("Manage API keys of a workspace (local database)");
  keys
    .command("create")
    .description("Create a key and print its secret (shown only this once)")
    .requiredOption("--workspace <slug>", "workspace slug")
    .requiredOption("--name <name>", "what the key is for")
    .option("--models <slugs>", "comma-separated model slugs the key is limited to")
    .option(
      "--scope <scope>",
      "what the key may do: ingest, read, run, report (repeat or comma-separate; default ingest)",
      (value: string, prev: string[] = []) => {
        const scopes = value.split(",").map((s) => s.trim()).filter(Boolean);
        const unknown = scopes.filter((s) => !(API_KEY_SCOPES as readonly string[]).includes(s));
        if (unknown.length) throw new InvalidArgumentError(`unknown scope ${unknown.map((s) => `"${s}"`).join(", ")}: use ${API_KEY_SCOPES.join(", ")}`);
        return [...prev, ...scopes];
      },
    )
    .option("--json", "print { id, prefix, secret, scopes } as JSON")
    .action(async (o: { workspace: string; name: string; models?: string; scope?: string[]; json?: boolean }) => {
      const { createApiKey } = await import("../apikeys/keys");
      const { prisma, id } = await workspaceId(o.workspace);
      try {
        const key = await createApiKey(prisma, id, CLI_ACTOR, {
          name: o.name,
          models: o.models?.split(",").map((s) => s.trim()).filter(Boolean),
          scopes: o.scope as ApiKeyScope[] | undefined,
        });
        if (o.json) process.stdout.write(JSON.stringify({ id: key.id, prefix: key.prefix, secret: key.secret, scopes: key.scopes }) + "\n");
        else {
          process.stdout.write(`${key.secret}\n`);
          process.stderr.write(`Created key "${key.name}" (${key.prefix}…, scopes: ${key.scopes.join(", ")}) in ${o.workspace}. The secret above is shown only once.\n`);
        }
      } finally {
        await prisma.$disconnect();
      }
    });
  keys
    .command("list")
    .requiredOption("--workspace <slug>", "workspace slug")
    .action(async (o: { workspace: string }) => {
      const { listApiKeys } = await import("../apikeys/keys");
      const { prisma, id } = await workspaceId(o.workspace);
      try {
        for (const k of await listApiKeys(prisma, id)) {
          process.stdout.write(
            `${k.id}\t${k.prefix}…\t${k.name}\t${k.scopes.join(",")}\t${k.createdBy}\t${k.lastUsedAt?.toISOString() ?? "never used"}\t${k.revokedAt ? "revoked" : "active"}\n`,
          );
        }
      } finally {
        await prisma.$disconnect();
      }
    });
  keys
    .command("revoke")
    .requiredOption("--workspace <slug>", "workspace slug")
    .argument("<id>", "key id (from `keys list`)")
    .action(async (keyId: string, o: { workspace: string }) => {
      const { revokeApiKey } = await import("../apikeys/keys");
      const { prisma, id } = await workspaceId(o.workspace);
      try {
        await revokeApiKey(prisma, id, CLI_ACTOR, keyId);
        process.stdout.write(`revoked ${keyId}\n`);
      } finally {
        await prisma.$disconnect();
      }
    });
}
