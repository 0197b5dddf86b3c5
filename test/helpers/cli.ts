import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
/** The repository root: the CLI runs from there, as a user runs `npx evalbook` in a checkout. */
export const ROOT = path.resolve(__dirname, "../..");
const BIN = path.join(ROOT, "bin/evalbook.cjs");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `evalbook ARGS` in a child process; a non-zero exit is a result (with its code), not a throw. */
export async function evalbook(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  try {
    const r = await run(process.execPath, [BIN, ...args], { cwd: ROOT, maxBuffer: 1 << 24, env: { ...process.env, ...env } });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as CliResult;
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}
