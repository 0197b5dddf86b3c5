/**
 * Whole local files as the reader's frames (frames.ts), for `evalbook evaluate` and `evalbook
 * compare`: several files at once, one worker thread per file (both cores for baseline + current).
 * Small inputs are read inline: a worker costs more to start than it saves. So is Parquet: plain
 * columns are positioned reads into their final arrays (parquet-columns.ts), and the read worker
 * loads the TypeScript readers through tsx — measured on a pair of 1M × 10 doubles, the worker
 * added ~60 MB to the peak and ~1 s of CPU, more than reading the second file here costs.
 */
import fs from "node:fs";
import path from "node:path";
import { cliEnv } from "../env-cli";
import type { Frame } from "@/plugins/sdk";
import { frameOfTable } from "./frames";
import type { RawTable } from "./table";
import { readCsvFilesParallel } from "./csv/parallel";
import { formatOf, readTable } from "./read-table";

const MIN_BYTES_FOR_WORKERS = 8 * 1024 * 1024;

async function readInWorker(file: string): Promise<RawTable> {
  const { Worker } = await import("node:worker_threads"); // only for big files (start-up, issue 18)
  return new Promise((resolve, reject) => {
    const root = cliEnv.EVALBOOK_ROOT;
    const w = new Worker(root ? path.join(root, "server/files/read-worker.mjs") : new URL("./read-worker.mjs", import.meta.url));
    w.once("message", (m: { ok: boolean; table?: RawTable; message?: string }) => {
      void w.terminate();
      if (m.ok) resolve(m.table!);
      else reject(new Error(m.message));
    });
    w.once("error", reject);
    w.postMessage({ file });
  });
}

export async function readTables(files: string[]): Promise<RawTable[]> {
  const big = (f: string) => {
    try {
      return fs.statSync(f).size >= MIN_BYTES_FOR_WORKERS;
    } catch {
      return false;
    }
  };
  const csv = files.filter((f) => formatOf(f) === "csv" && big(f));
  if (csv.length === files.length) {
    // all large CSV: both cores parse every file (two chunks each)
    const parsed = await readCsvFilesParallel(csv);
    return Promise.all(parsed.map((t, i) => (t ? t : readTable(files[i]))));
  }
  const sizes = files.map((f) => {
    try {
      return fs.statSync(f).size;
    } catch {
      return 0;
    }
  });
  const total = sizes.reduce((a, b) => a + b, 0);
  if (files.length < 2 || total < MIN_BYTES_FOR_WORKERS || sizes.some((s) => s === 0)) return Promise.all(files.map((f) => readTable(f)));
  // the largest file stays on this thread, and Parquet; the others go to workers
  const biggest = sizes.indexOf(Math.max(...sizes));
  const inline = (f: string, i: number) => i === biggest || formatOf(f) === "parquet";
  const inWorkers = Promise.all(files.map((f, i) => (inline(f, i) ? null : readInWorker(f))));
  const tables: RawTable[] = [];
  const here = async () => {
    for (let i = 0; i < files.length; i++) if (inline(files[i]!, i)) tables[i] = await readTable(files[i]!);
  };
  const [fromWorkers] = await Promise.all([inWorkers, here()]);
  fromWorkers.forEach((t, i) => {
    if (t) tables[i] = t;
  });
  return tables;
}

/** The reader's API for whole local files: each file as one frame, every column a feature under its name (to-frame.ts assigns roles). */
export async function readFileFrames(files: string[]): Promise<Frame[]> {
  return (await readTables(files)).map((t) => frameOfTable(t).frame);
}
