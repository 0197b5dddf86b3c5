/**
 * Large CSV files on both cores, streamed: the file is never held whole. A first pass reads it
 * in blocks of BLOCK bytes, cut after a line break, counting rows per block (and looking for
 * quote characters: such files return null here, the csv-parse path handles them). Columns are
 * then allocated once, exactly, in shared memory, and this thread and the shared helper thread
 * (server/threads/helper-thread.ts, which then sorts the columns too) claim blocks from a shared
 * counter per file, each reading its block into its own buffer and parsing it straight into the
 * columns (parseCsvChunk) — the text of a block is dropped as soon as it is parsed. A file goes
 * to the helper as soon as its first pass is done. Columns that turn out
 * textual are dictionary-encoded by a third pass over the blocks.
 * Peak memory: the columns plus two blocks per thread.
 */
import fs from "node:fs";
import type { Column } from "@/plugins/sdk";
import type { RawTable } from "../table";
import { makeCsvChunkParser, parseCsvChunk } from "./chunk";
import { csvTable, stringColumns } from "./read";
import { sharedHelperThread } from "@/server/threads/helper-thread";

const LF = 10;
const CR = 13;
/** Bytes read at a time (a block grows past it only to reach the end of a longer line). */
export const BLOCK = 4 * 2 ** 20;

/** The helper thread's handler (helper-thread.ts): one request per file, claiming its blocks from the file's shared counter until none are left (this thread does the same). */
function blocksHandlerSource(): string {
  return `(require) => {
const fs = require("node:fs");
const parse = (${makeCsvChunkParser.toString()})();
let buf = new Uint8Array(0);
return (j) => {
  const counter = new Int32Array(j.counter);
  const flags = new Uint8Array(j.ncol);
  const cols = j.cols.map((b) => new Float64Array(b));
  const fd = fs.openSync(j.path, "r");
  try {
    for (;;) {
      const k = Atomics.add(counter, 0, 1);
      if (k >= j.blocks.length) break;
      const c = j.blocks[k];
      const len = c.end - c.start;
      if (buf.length < len) buf = new Uint8Array(len);
      let off = 0;
      while (off < len) {
        const got = fs.readSync(fd, buf, off, len - off, c.start + off);
        if (got === 0) throw new Error(j.path + ": the file changed while it was read");
        off += got;
      }
      const r = parse(buf, 0, len, j.ncol, cols, c.row0);
      for (let i = 0; i < r.length; i++) flags[i] |= r[i];
    }
  } finally {
    fs.closeSync(fd);
  }
  return Array.from(flags);
};
}`;
}

function countRows(b: Buffer, start: number, end: number): number {
  let rows = 0;
  let pos = start;
  while (pos < end) {
    let nl = b.indexOf(LF, pos);
    if (nl === -1 || nl >= end) nl = end;
    if (nl > pos && !(nl === pos + 1 && b[pos] === CR)) rows++;
    pos = nl + 1;
  }
  return rows;
}

interface Block {
  start: number;
  end: number;
  row0: number;
}

interface Prepared {
  file: string;
  names: string[];
  rows: number;
  cols: Float64Array[];
  blocks: Block[];
  isString: Uint8Array;
}

/** Read [start, start + len) of fd into buf (grown as needed); returns the buffer and bytes read. */
function readAt(fd: number, buf: Buffer, start: number, len: number): { buf: Buffer; n: number } {
  if (buf.length < len) buf = Buffer.allocUnsafe(len);
  let n = 0;
  while (n < len) {
    const got = fs.readSync(fd, buf, n, len - n, start + n);
    if (got === 0) break;
    n += got;
  }
  return { buf, n };
}

/** First pass: header, blocks cut after line breaks with their first row, exact row count; null when the file has a quote. */
function prepare(file: string, block: number): Prepared | null {
  const size = fs.statSync(file).size;
  const fd = fs.openSync(file, "r");
  try {
    let buf: Buffer = Buffer.allocUnsafe(Math.min(block, Math.max(size, 1)));
    // header: the first line (a longer one grows the read)
    let want = Math.min(block, size);
    let head: { buf: Buffer; n: number };
    let hEnd: number;
    for (;;) {
      head = readAt(fd, buf, 0, want);
      buf = head.buf;
      hEnd = buf.subarray(0, head.n).indexOf(LF);
      if (hEnd !== -1 || want >= size) break;
      want = Math.min(size, want * 2);
    }
    if (buf.subarray(0, head.n).indexOf(34) !== -1) return null;
    const bom = head.n >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
    if (hEnd === -1) hEnd = head.n;
    const names = buf.toString("utf8", bom, hEnd).replace(/\r$/, "").split(",").map((s) => s.trim());
    const blocks: Block[] = [];
    let rows = 0;
    let pos = Math.min(hEnd + 1, size);
    while (pos < size) {
      let len = Math.min(block, size - pos);
      let cut = -1;
      for (;;) {
        const r = readAt(fd, buf, pos, len);
        buf = r.buf;
        const view = buf.subarray(0, r.n);
        if (view.indexOf(34) !== -1) return null;
        if (pos + r.n >= size) {
          cut = r.n;
          break;
        }
        const nl = view.lastIndexOf(LF);
        if (nl !== -1) {
          cut = nl + 1;
          break;
        }
        len = Math.min(size - pos, len * 2); // a line longer than the block
      }
      blocks.push({ start: pos, end: pos + cut, row0: rows });
      rows += countRows(buf, 0, cut);
      pos += cut;
    }
    const cols = names.map(() => new Float64Array(new SharedArrayBuffer(rows * 8)));
    return { file, names, rows, cols, blocks, isString: new Uint8Array(names.length) };
  } finally {
    fs.closeSync(fd);
  }
}

/** Third pass, only for columns that turned out textual: dictionary-encode them block by block. */
function finish(p: Prepared): RawTable {
  const columns: Column[] = p.cols.map((v) => ({ type: "numeric", values: v }));
  if (p.isString.some((x) => x)) {
    const pass = stringColumns(p.names.length, p.rows, p.isString);
    const fd = fs.openSync(p.file, "r");
    try {
      let buf: Buffer = Buffer.allocUnsafe(0);
      for (const b of p.blocks) {
        const r = readAt(fd, buf, b.start, b.end - b.start);
        buf = r.buf;
        pass.scan(buf, 0, r.n, b.row0);
      }
    } finally {
      fs.closeSync(fd);
    }
    for (const [c, col] of pass.columns()) columns[c] = col;
  }
  return csvTable(p.rows, p.names, columns);
}

/** Parse the blocks of `p` left on its counter, on this thread. */
function parseBlocks(p: Prepared, counter: Int32Array): void {
  const fd = fs.openSync(p.file, "r");
  try {
    let buf: Buffer = Buffer.allocUnsafe(0);
    for (;;) {
      const k = Atomics.add(counter, 0, 1);
      if (k >= p.blocks.length) break;
      const c = p.blocks[k]!;
      const r = readAt(fd, buf, c.start, c.end - c.start);
      buf = r.buf;
      const flags = parseCsvChunk(buf, 0, r.n, p.names.length, p.cols, c.row0);
      flags.forEach((x, j) => (p.isString[j] |= x));
    }
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Parse CSV files with this thread plus the shared helper thread; null for a file that needs the
 * quoted-CSV path. Each file goes to the helper as soon as its first pass is done, so the helper
 * parses the first file while this thread runs the second one's first pass; this thread then joins in.
 */
export async function readCsvFilesParallel(files: string[], block = BLOCK): Promise<Array<RawTable | null>> {
  // node:os and the helper thread only here: `evalbook evaluate` on a small file loads neither (start-up, issue 18)
  const useHelper = (await import("node:os")).cpus().length > 1;
  // the helper starts first: its start-up runs while this thread counts the rows
  const size = files.reduce((n, f) => n + fs.statSync(f).size, 0);
  const helper = useHelper && size > block ? await sharedHelperThread() : null;
  const fromHelper: Array<Promise<void>> = [];
  try {
    const prepared: Array<Prepared | null> = [];
    const counters: Int32Array[] = [];
    for (const [i, f] of files.entries()) {
      const p = prepare(f, block);
      prepared.push(p);
      counters.push(new Int32Array(new SharedArrayBuffer(4)));
      if (!p || !helper) continue;
      const msg = { path: p.file, ncol: p.names.length, cols: p.cols.map((v) => v.buffer), blocks: p.blocks, counter: counters[i]!.buffer };
      const done = helper.request<number[]>("csv-blocks", blocksHandlerSource(), msg).then((flags) => flags.forEach((x, j) => (p.isString[j] |= x)));
      done.catch(() => {}); // awaited below, after this thread's share
      fromHelper.push(done);
    }
    prepared.forEach((p, i) => p && parseBlocks(p, counters[i]!));
    await Promise.all(fromHelper);
    return prepared.map((p) => (p ? finish(p) : null));
  } finally {
    await helper?.release();
  }
}
