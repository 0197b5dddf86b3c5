/**
 * A local file as hyparquet's AsyncBuffer, read by ranges through one open file handle: each
 * slice is one positioned read of exactly its bytes. (hyparquet's asyncBufferFromFile opens a
 * read stream per slice and joins its 64 KB chunks into a copy — three buffers per column
 * chunk, garbage that stayed resident long enough to double a Parquet read's peak.)
 *
 * A reader that has copied what it needs out of one step's slices (e.g. one column of one row
 * group, decoded into its final array) can let later steps reuse their memory: slices taken
 * inside `step(fn)` return to a small pool, by exact byte length, when `fn` settles — fixed-width
 * uncompressed column chunks of equal row groups then read into the same buffer every time.
 * `readInto` reads a range into memory the caller owns (e.g. straight into a column's array).
 */
import fs from "node:fs";
import type { AsyncBuffer } from "hyparquet";

/** Buffers kept for reuse (by byte length) between steps. */
const POOL_LIMIT = 4;

export interface FileRanges extends AsyncBuffer {
  /** Run `fn`; the slices it takes may be reused once it settles (nothing may keep them). */
  step<T>(fn: () => Promise<T>): Promise<T>;
  /** Fill `target` with the bytes from `position` on (all of them, or an error); returns `target`. */
  readInto(target: Uint8Array, position: number): Uint8Array;
  close(): void;
}

export function openFileRanges(file: string): FileRanges {
  const fd = fs.openSync(file, "r");
  const byteLength = fs.fstatSync(fd).size;
  const pool: ArrayBuffer[] = [];
  let taken: ArrayBuffer[] | null = null;

  const readInto = (bytes: Uint8Array, start: number): Uint8Array => {
    const length = bytes.length;
    if (start < 0 || start + length > byteLength) throw new Error(`${file}: byte range ${start}–${start + length} outside the file (${byteLength} bytes)`);
    for (let done = 0; done < length; ) {
      const n = fs.readSync(fd, bytes, done, length - done, start + done);
      if (n === 0) throw new Error(`${file}: unexpected end of file at byte ${start + done} (wanted ${start}–${start + length})`);
      done += n;
    }
    return bytes;
  };

  const read = (start: number, end: number): ArrayBuffer => {
    const length = end - start;
    const k = taken ? pool.findIndex((b) => b.byteLength === length) : -1;
    const buf = k >= 0 ? pool.splice(k, 1)[0]! : new ArrayBuffer(length);
    readInto(new Uint8Array(buf), start);
    taken?.push(buf);
    return buf;
  };

  return {
    byteLength,
    slice(start: number, end: number = byteLength) {
      if (start < 0 || end > byteLength || start > end) return Promise.reject(new Error(`${file}: byte range ${start}–${end} outside the file (${byteLength} bytes)`));
      try {
        return Promise.resolve(read(start, end));
      } catch (e) {
        return Promise.reject(e as Error);
      }
    },
    async step<T>(fn: () => Promise<T>): Promise<T> {
      const outer = taken;
      const mine: ArrayBuffer[] = [];
      taken = mine;
      try {
        return await fn();
      } finally {
        taken = outer;
        for (const b of mine) if (pool.length < POOL_LIMIT) pool.push(b);
      }
    },
    readInto,
    close() {
      fs.closeSync(fd);
    },
  };
}
