// Imported first by server/worker.ts: ES imports run in order, so the logger (imported later)
// already sees that this process is the worker.
process.env.EVALBOOK_PROCESS ??= "worker";
export {};
