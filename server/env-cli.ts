import { existsSync } from "node:fs";
import { z } from "zod";

// The environment variables of the command-line interface, a part of server/env.ts (whose `env`
// includes them): `evalbook evaluate` reads only these, so its start-up (issue 18: ≤ 80 ms before
// the first byte) skips building and checking the server's ~60 schemas (~12 ms of CPU).
if (existsSync(".env") && typeof process.loadEnvFile === "function") process.loadEnvFile();

export const cliEnvShape = {
  /** The project folder, set by bin/evalbook.cjs (the bundled CLI finds plugins and workers there). */
  EVALBOOK_ROOT: z.string().min(1).optional(),
  /** Set by bin/evalbook.cjs: main.ts runs the CLI when imported from it. */
  EVALBOOK_CLI: z.string().optional(),
  /** Comma-separated npm packages of evaluator plugins, in addition to evalbook.config.json. */
  EVALBOOK_PLUGINS: z.string().default(""),
  /** "1": `evalbook evaluate` prints how long each step took. */
  EVALBOOK_TIMING: z.string().optional(),
};

/** process.env checked against `schema`; a bad value throws, naming every variable and why. */
export function parseEnv<T extends z.ZodType>(schema: T): z.output<T> {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

export const cliEnv = parseEnv(z.object(cliEnvShape));
