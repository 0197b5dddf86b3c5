/**
 * Entry for the `evaluate` and `plugins` commands alone. bin/evalbook.cjs runs it from its own
 * esbuild bundle (CommonJS, through a V8 code cache: scripts/code-cache.cjs); every other command
 * goes through main.ts (dist/cli.mjs, or tsx).
 */
import "./zod-jitless";
import { Command } from "commander";
import { registerEvaluateCommands } from "./evaluate";

export async function runEvaluateEntry(argv: string[]): Promise<void> {
  const program = new Command();
  program.name("evalbook").description("evalbook command-line interface").version("0.1.0");
  registerEvaluateCommands(program);
  try {
    await program.parseAsync(argv);
  } catch (e) {
    process.stderr.write(`evalbook: ${(e as Error).message}\n`);
    process.exitCode = 2;
  }
}
