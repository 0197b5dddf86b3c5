/**
 * The `evalbook` CLI. Each command group registers itself here with one line.
 */
import { Command } from "commander";
import { env } from "../env";
import { registerCompareCommand } from "./compare";
import { registerEvaluateCommands } from "./evaluate";
import { registerExportCommand } from "./export";
import { registerKeysCommands } from "./keys";
import { registerIngestCommands } from "./ingest";
import { registerRunCommands } from "./run";
import { registerIncidentsCommands } from "../control/incidents/cli";

export function buildProgram(): Command {
  const program = new Command();
  program.name("evalbook").description("evalbook command-line interface").version("0.1.0");
  registerEvaluateCommands(program);
  registerCompareCommand(program);
  registerKeysCommands(program);
  registerIngestCommands(program);
  registerRunCommands(program);
  registerExportCommand(program);
  registerIncidentsCommands(program);
  return program;
}

const isMain = (() => {
  const arg = process.argv[1] ?? "";
  return arg.endsWith("main.ts") || arg.endsWith("evalbook.mjs") || arg.endsWith("evalbook.cjs") || arg.endsWith("evalbook") || env.EVALBOOK_CLI === "1";
})();

if (isMain) {
  buildProgram()
    .parseAsync(process.argv)
    .catch((e: unknown) => {
      process.stderr.write(`evalbook: ${(e as Error).message}\n`);
      process.exitCode = 2;
    });
}
