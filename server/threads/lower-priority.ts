import os from "node:os";
import { logger } from "../logger";

/**
 * Lowers the calling thread's scheduling priority to `nice` (Linux: priority 0 means this thread
 * only, not the process), so that background work takes the CPU that pages leave. Never raises
 * it: the thread may run in a process that is niced further already (the ingest process).
 */
export function lowerThreadPriority(nice: number, what: string): void {
  try {
    if (os.getPriority(0) < nice) os.setPriority(0, nice);
  } catch (err) {
    logger.warn({ err: (err as Error).message }, `${what}: could not lower its priority`);
  }
}
