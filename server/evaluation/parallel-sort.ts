/**
 * Sort numeric columns once, on worker threads, and hand the results to the SDK's caches
 * (primeSorted, primePair) so every statistic reuses them. A job is a column or a
 * (baseline, current) pair: the worker sorts both and walks the pair once (KS statistic +
 * Wasserstein distance). Columns backed by a SharedArrayBuffer are read without copying.
 */
import os from "node:os";
import { Worker } from "node:worker_threads";
import { hasPair, hasSorted, primePair, primeSorted, sortFiniteFrom, sortFiniteInPlace, sortedFinite, walkPair, type Frame, type PairStats, type SortedColumn } from "@/plugins/sdk";

/** Worker body (plain JS, built from the SDK's self-contained functions). */
function workerSource(): string {
  return `
const { parentPort } = require("node:worker_threads");
const __name = (f) => f; // esbuild keepNames helper, referenced by transpiled function bodies
const __sortInPlace = (${sortFiniteInPlace.toString()});
const ${sortFiniteInPlace.name} = __sortInPlace;
const sortFrom = (${sortFiniteFrom.toString()});
const walk = (${walkPair.toString()});
function sortShared(buf, length) {
  return sortFrom(new Float64Array(buf, 0, length), (n) => new Float64Array(new SharedArrayBuffer(n * 8)));
}
parentPort.on("message", (job) => {
  const res = job.cols.map((c) => (c.sorted ? null : sortShared(c.input, c.length)));
  const sortedOf = (k) => (res[k] ? res[k].sorted : new Float64Array(job.cols[k].sorted));
  const pair = job.cols.length === 2 ? walk(sortedOf(0), sortedOf(1)) : null;
  parentPort.postMessage({ id: job.id, res: res.map((r) => r && { sorted: r.sorted.buffer, missing: r.missing, posInf: r.posInf, negInf: r.negInf }), pair });
});`;
}

type Job = Float64Array[]; // one column, or [baseline, current]

function shared(a: Float64Array): boolean {
  return a.buffer instanceof SharedArrayBuffer;
}

async function runJobs(jobs: Job[], threads: number): Promise<void> {
  if (jobs.length === 0) return;
  const n = Math.max(1, Math.min(threads, jobs.length));
  const workers = Array.from({ length: n }, () => new Worker(workerSource(), { eval: true }));
  try {
    let next = 0;
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              if (next >= jobs.length) return resolve();
              const id = next++;
              const cols = jobs[id];
              w.once("message", (m: { res: Array<{ sorted: SharedArrayBuffer; missing: number; posInf: number; negInf: number } | null>; pair: PairStats | null }) => {
                const sortedCols: SortedColumn[] = cols.map((c, k) => {
                  const r = m.res[k];
                  if (!r) return sortedFinite(c);
                  const s = { sorted: new Float64Array(r.sorted), missing: r.missing, posInf: r.posInf, negInf: r.negInf };
                  primeSorted(c, s);
                  return s;
                });
                if (m.pair && sortedCols.length === 2) primePair(sortedCols[0].sorted, sortedCols[1].sorted, m.pair);
                send();
              });
              w.postMessage({
                id,
                cols: cols.map((c) => {
                  if (hasSorted(c)) {
                    const s = sortedFinite(c).sorted;
                    // already sorted here: pass it when shared, else the worker re-sorts a shared copy
                    if (shared(s)) return { sorted: s.buffer };
                  }
                  return { input: c.buffer, length: c.length };
                }),
              });
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

function numericArrays(frames: Frame[]): Float64Array[] {
  const out: Float64Array[] = [];
  const seen = new Set<Float64Array>();
  const add = (v: Float64Array | undefined) => {
    if (v && !seen.has(v)) {
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

const usable = (a: Float64Array, minRows: number) => a.length >= minRows && shared(a);

/** Pre-sort numeric columns of frames using up to `threads` workers. Small or unshared columns sort lazily. */
export async function presortFrames(frames: Frame[], threads = os.cpus().length, minRows = 200_000): Promise<void> {
  const jobs = numericArrays(frames)
    .filter((a) => !hasSorted(a) && usable(a, minRows))
    .map((a) => [a]);
  await runJobs(jobs, threads);
}

/**
 * Pre-sort and pre-walk every numeric column present in both frames (features and prediction):
 * after this, KS, Wasserstein, PSI and JS on those columns only read caches.
 */
export async function presortPairs(baseline: Frame, current: Frame, threads = os.cpus().length, minRows = 200_000): Promise<void> {
  const jobs: Job[] = [];
  const add = (b: Float64Array, c: Float64Array) => {
    if (!usable(b, minRows) || !usable(c, minRows)) return;
    if (hasSorted(b) && hasSorted(c) && hasPair(sortedFinite(b).sorted, sortedFinite(c).sorted)) return;
    jobs.push([b, c]);
  };
  for (const [name, c] of Object.entries(current.features)) {
    const b = baseline.features[name];
    if (c.type === "numeric" && b?.type === "numeric") add(b.values, c.values);
  }
  if (current.prediction?.type === "numeric" && baseline.prediction?.type === "numeric") add(baseline.prediction.values, current.prediction.values);
  await runJobs(jobs, threads);
}
