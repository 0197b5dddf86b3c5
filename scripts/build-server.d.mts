export type BuildOutcome = "reused" | "built" | "failed";
export function buildAll(env: NodeJS.ProcessEnv): Promise<Record<string, BuildOutcome>>;
export function workerCommand(): { cmd: string; args: string[] };
export function cliCommand(): { cmd: string; args: string[] };
