/**
 * Entry for the `evaluate` and `plugins` commands alone. bin/evalbook.mjs runs it from a cached
 * esbuild bundle (start-up ~0.2 s instead of ~1 s through tsx); every other command goes
 * through main.ts and tsx.
 */
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
