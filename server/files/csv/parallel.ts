/**
 * Large CSV files on both cores: each file is read into shared memory, split at line breaks
 * into two chunks, rows are counted, columns allocated in shared memory, and the chunks are
 * parsed by this thread and one worker thread running the same parseCsvChunk code.
 * Files with quote characters return null here (the csv-parse path handles them).
 */
import fs from "node:fs";
import os from "node:os";
import { Worker } from "node:worker_threads";
import type { Column } from "@/plugins/sdk";
import type { RawTable } from "../table";
import { parseCsvChunk } from "./chunk";
import { stringColumnsPass } from "./read";

const LF = 10;
const CR = 13;

function workerSource(): string {
  return `
const { parentPort } = require("node:worker_threads");
const __name = (f) => f; // esbuild keepNames helper, referenced by transpiled function bodies
const parse = (${parseCsvChunk.toString()});
parentPort.on("message", (j) => {
  // claim chunks from the shared counter until none are left (the main thread does the same)
  const counter = new Int32Array(j.counter);
  const flags = j.files.map((f) => new Uint8Array(f.ncol));
  const views = j.files.map((f) => ({ buf: new Uint8Array(f.buf), cols: f.cols.map((b) => new Float64Array(b)) }));
  for (;;) {
    const k = Atomics.add(counter, 0, 1);
    if (k >= j.chunks.length) break;
    const c = j.chunks[k];
    const f = j.files[c.file];
    const r = parse(views[c.file].buf, c.start, c.end, f.ncol, views[c.file].cols, c.row0);
    for (let i = 0; i < r.length; i++) flags[c.file][i] |= r[i];
  }
  parentPort.postMessage({ flags: flags.map((x) => Array.from(x)) });
});`;
}

function countRows(buf: Uint8Array, start: number, end: number): number {
  let rows = 0;
  let pos = start;
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  while (pos < end) {
    let nl = b.indexOf(LF, pos);
    if (nl === -1 || nl >= end) nl = end;
    if (nl > pos && !(nl === pos + 1 && buf[pos] === CR)) rows++;
    pos = nl + 1;
  }
  return rows;
}

interface Chunk {
  start: number;
  end: number;
  row0: number;
}

interface Prepared {
  buf: Uint8Array;
  names: string[];
  rows: number;
  cols: Float64Array[];
  chunks: Chunk[];
  dataStart: number;
  isString: Uint8Array;
}

function prepare(file: string, parts: number): Prepared | null {
  const size = fs.statSync(file).size;
  const sab = new SharedArrayBuffer(size);
  const whole = new Uint8Array(sab);
  const fd = fs.openSync(file, "r");
  try {
    let off = 0;
    while (off < size) off += fs.readSync(fd, whole, off, size - off, off);
  } finally {
    fs.closeSync(fd);
  }
  const asBuffer = Buffer.from(sab);
  if (asBuffer.indexOf(34) !== -1) return null;
  const bom = size >= 3 && whole[0] === 0xef && whole[1] === 0xbb && whole[2] === 0xbf ? 3 : 0;
  let hEnd = asBuffer.indexOf(LF, bom);
  if (hEnd === -1) hEnd = size;
  const names = asBuffer.toString("utf8", bom, hEnd).replace(/\r$/, "").split(",").map((s) => s.trim());
  const dataStart = Math.min(hEnd + 1, size);
  const bounds = [dataStart];
  for (let k = 1; k < parts; k++) {
    const target = dataStart + Math.floor(((size - dataStart) * k) / parts);
    const nl = asBuffer.indexOf(LF, Math.max(target, bounds[bounds.length - 1]));
    bounds.push(nl === -1 ? size : nl + 1);
  }
  bounds.push(size);
  const chunks: Chunk[] = [];
  let rows = 0;
  for (let k = 0; k < parts; k++) {
    chunks.push({ start: bounds[k], end: bounds[k + 1], row0: rows });
    rows += countRows(whole, bounds[k], bounds[k + 1]);
  }
  const cols = names.map(() => new Float64Array(new SharedArrayBuffer(rows * 8)));
  return { buf: whole, names, rows, cols, chunks, dataStart, isString: new Uint8Array(names.length) };
}

function finish(p: Prepared): RawTable {
  const columns: Column[] = p.cols.map((v) => ({ type: "numeric", values: v }));
  if (p.isString.some((x) => x)) {
    const strs = stringColumnsPass(Buffer.from(p.buf.buffer, p.buf.byteOffset, p.buf.byteLength), p.dataStart, p.names.length, p.rows, p.isString);
    for (const [c, col] of strs) columns[c] = col;
  }
  return { rows: p.rows, names: p.names, columns };
}

/** Parse CSV files with this thread plus one worker; null for a file that needs the quoted-CSV path. */
export async function readCsvFilesParallel(files: string[]): Promise<Array<RawTable | null>> {
  const useWorker = os.cpus().length > 1;
  const worker = useWorker ? new Worker(workerSource(), { eval: true }) : null;
  try {
    // 8 chunks per file, claimed dynamically by both threads (balances under CPU contention)
    const prepared = files.map((f) => prepare(f, useWorker ? 8 : 1));
    const chunks: Array<Chunk & { file: number }> = [];
    prepared.forEach((p, i) => p && p.chunks.forEach((c) => chunks.push({ ...c, file: i })));
    const counter = new Int32Array(new SharedArrayBuffer(4));
    const live = prepared.map((p, i) => ({ p, i })).filter((x): x is { p: Prepared; i: number } => x.p !== null);
    const done = worker
      ? new Promise<{ flags: number[][] }>((resolve, reject) => {
          worker.once("message", resolve);
          worker.once("error", reject);
        })
      : Promise.resolve({ flags: [] as number[][] });
    worker?.postMessage({
      counter: counter.buffer,
      chunks,
      files: prepared.map((p) => (p ? { buf: p.buf.buffer, ncol: p.names.length, cols: p.cols.map((v) => v.buffer) } : { buf: new SharedArrayBuffer(0), ncol: 0, cols: [] })),
    });
    for (;;) {
      const k = Atomics.add(counter, 0, 1);
      if (k >= chunks.length) break;
      const c = chunks[k];
      const p = prepared[c.file]!;
      const flags = parseCsvChunk(p.buf, c.start, c.end, p.names.length, p.cols, c.row0);
      flags.forEach((x, j) => (p.isString[j] |= x));
    }
    const fromWorker = await done;
    fromWorker.flags.forEach((f, i) => f.forEach((x, j) => prepared[i] && (prepared[i]!.isString[j] |= x)));
    void live;
    return prepared.map((p) => (p ? finish(p) : null));
  } finally {
    await worker?.terminate();
  }
}
