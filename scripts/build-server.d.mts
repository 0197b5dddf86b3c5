export type BuildOutcome = "reused" | "built" | "failed";
export const DIST: string;
export function serverBuildIsCurrent(): boolean;
export function serverBuildLooksCurrent(): boolean;
export function buildServer(): Promise<void>;
export function buildServerIfNeeded(): Promise<BuildOutcome>;
export function buildAll(env: NodeJS.ProcessEnv): Promise<{ web: BuildOutcome; server: BuildOutcome }>;
export function workerCommand(): { cmd: string; args: string[] };
export function cliCommand(): { cmd: string; args: string[] };
