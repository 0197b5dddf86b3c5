/**
 * Sort every numeric column of some frames once, on worker threads, and hand the results to
 * the SDK's sorted-column cache (primeSorted) so every statistic reuses them.
 * Columns backed by a SharedArrayBuffer are sorted without copying the input; the sorted
 * output is written into shared memory by the worker.
 */
import os from "node:os";
import { Worker } from "node:worker_threads";
import { finiteCopy, hasSorted, primeSorted, sortFiniteInPlace, type Frame } from "@/plugins/sdk";

/** Worker body (plain JS, built from the SDK's self-contained sort function). */
function workerSource(): string {
  return `
const { parentPort } = require("node:worker_threads");
${sortFiniteInPlace.toString()}
const sortFn = ${sortFiniteInPlace.name};
parentPort.on("message", (job) => {
  const values = new Float64Array(job.input, 0, job.length);
  let missing = 0, posInf = 0, negInf = 0, finite = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v) missing++; else if (v === Infinity) posInf++; else if (v === -Infinity) negInf++; else finite++;
  }
  const out = new Float64Array(new SharedArrayBuffer(finite * 8));
  if (finite === values.length) out.set(values);
  else { let j = 0; for (let i = 0; i < values.length; i++) { const v = values[i]; if (v === v && v !== Infinity && v !== -Infinity) out[j++] = v; } }
  sortFn(out);
  parentPort.postMessage({ id: job.id, sorted: out.buffer, missing, posInf, negInf });
});`;
}

function numericArrays(frames: Frame[]): Float64Array[] {
  const out: Float64Array[] = [];
  const seen = new Set<Float64Array>();
  const add = (v: Float64Array | undefined) => {
    if (v && !seen.has(v) && !hasSorted(v)) {
      seen.add(v);
      out.push(v);
    }
  };
  for (const f of frames) {
    for (const c of Object.values(f.features)) if (c.type === "numeric") add(c.values);
    if (f.prediction?.type === "numeric") add(f.prediction.values);
    if (f.label?.type === "numeric") add(f.label.values);
    add(f.latencyMs);
  }
  return out;
}

/** Pre-sort numeric columns using up to `threads` workers (default: CPU count). Small inputs sort inline. */
export async function presortFrames(frames: Frame[], threads = os.cpus().length, minRows = 200_000): Promise<void> {
  const arrays = numericArrays(frames);
  const big = arrays.filter((a) => a.length >= minRows && a.buffer instanceof SharedArrayBuffer);
  for (const a of arrays) if (!big.includes(a)) primeSorted(a, (() => { const r = finiteCopy(a); sortFiniteInPlace(r.sorted); return r; })());
  if (big.length === 0) return;
  const n = Math.max(1, Math.min(threads, big.length));
  const workers = Array.from({ length: n }, () => new Worker(workerSource(), { eval: true }));
  try {
    let next = 0;
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              if (next >= big.length) return resolve();
              const id = next++;
              const a = big[id];
              w.once("message", (m: { id: number; sorted: SharedArrayBuffer; missing: number; posInf: number; negInf: number }) => {
                primeSorted(a, { sorted: new Float64Array(m.sorted), missing: m.missing, posInf: m.posInf, negInf: m.negInf });
                send();
              });
              w.postMessage({ id, input: a.buffer, length: a.length });
            };
            w.once("error", reject);
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
