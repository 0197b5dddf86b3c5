/**
 * Sort numeric columns once, on worker threads, and hand the results to the SDK's caches
 * (primeSorted, primePair, primePairDigest) so every statistic reuses them. A job is a column or
 * a (baseline, current) pair: the worker radix-sorts both and walks the pair once (KS statistic +
 * Wasserstein distance); this thread reads the PSI and histogram counts off the sorted pair
 * (digestSortedPair) and keeps the sorted copies only within a byte budget — past it, the few
 * numbers of the digest are all that stays, so memory is the data plus the pairs in flight.
 * Columns backed by a SharedArrayBuffer are read without copying.
 */
import {
  digestSortedPair,
  hasPairDigest,
  hasSorted,
  primePair,
  primeMissingCount,
  primePairDigest,
  primeSorted,
  makeSortFiniteInPlace,
  sortFiniteFrom,
  sortFiniteInPlace,
  sortedFinite,
  walkPair,
  type Frame,
  type PairStats,
  type SortedColumn,
} from "@/plugins/sdk";

/**
 * Sorted copies of pairs kept for later statistics beyond the digest, in bytes. None by default:
 * the digest covers KS, Wasserstein, PSI (default bins) and the binned distances, and keeping
 * two sorted copies of every column doubled the memory of an evaluation; other tests sort lazily.
 */
export const SORTED_PAIRS_BUDGET = 0;

/**
 * Worker body (plain JS, built from the SDK's self-contained functions). A pair job ("reuse")
 * sorts into two shared buffers the worker keeps from job to job: the host reads them (digest,
 * copies it keeps) before it sends the next job, so a worker holds three column-sized buffers
 * whatever the number of columns. Single-column jobs get buffers of their own.
 */
function workerSource(): string {
  return `
const { parentPort } = require("node:worker_threads");
const __name = (f) => f; // esbuild keepNames helper, referenced by transpiled function bodies
const ${sortFiniteInPlace.name} = (${makeSortFiniteInPlace.toString()})(); // the name sortFrom calls (a bundle may shorten it)
const sortFrom = (${sortFiniteFrom.toString()});
const walk = (${walkPair.toString()});
const slots = [null, null];
let tmp = new Float64Array(0);
function sortShared(buf, length, slot) {
  if (tmp.length < length) tmp = new Float64Array(length);
  const alloc = (n) => {
    if (slot < 0) return new Float64Array(new SharedArrayBuffer(n * 8));
    if (!slots[slot] || slots[slot].byteLength < n * 8) slots[slot] = new SharedArrayBuffer(n * 8);
    return new Float64Array(slots[slot], 0, n);
  };
  return sortFrom(new Float64Array(buf, 0, length), alloc, tmp);
}
parentPort.on("message", (job) => {
  const res = job.cols.map((c, k) => (c.sorted ? null : sortShared(c.input, c.length, job.reuse ? k : -1)));
  const sortedOf = (k) => (res[k] ? res[k].sorted : new Float64Array(job.cols[k].sorted));
  const pair = job.cols.length === 2 ? walk(sortedOf(0), sortedOf(1)) : null;
  parentPort.postMessage({ id: job.id, res: res.map((r) => r && { sorted: r.sorted.buffer, length: r.sorted.length, missing: r.missing, posInf: r.posInf, negInf: r.negInf }), pair });
});`;
}

/** A shared copy of a sorted column that lives in a worker's reused buffer. */
function sharedCopy(a: Float64Array): Float64Array {
  const out = new Float64Array(new SharedArrayBuffer(a.byteLength));
  out.set(a);
  return out;
}

type Job = Float64Array[]; // one column, or [baseline, current]

function shared(a: Float64Array): boolean {
  return a.buffer instanceof SharedArrayBuffer;
}

async function runJobs(jobs: Job[], threads: number, keepBytes = Infinity): Promise<void> {
  if (jobs.length === 0) return;
  let kept = 0;
  const n = Math.max(1, Math.min(threads, jobs.length));
  // node:worker_threads only when there is work: `evalbook evaluate` on a small file never loads it (start-up, issue 18)
  const { Worker } = await import("node:worker_threads");
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
              w.once("message", (m: { res: Array<{ sorted: SharedArrayBuffer; length: number; missing: number; posInf: number; negInf: number } | null>; pair: PairStats | null }) => {
                const fresh = new Set<number>();
                const sortedCols: SortedColumn[] = cols.map((c, k) => {
                  const r = m.res[k];
                  if (!r) return sortedFinite(c);
                  fresh.add(k);
                  primeMissingCount(c, r.missing);
                  return { sorted: new Float64Array(r.sorted, 0, r.length), missing: r.missing, posInf: r.posInf, negInf: r.negInf };
                });
                const bytes = sortedCols.reduce((s, c) => s + c.sorted.byteLength, 0);
                const keep = cols.length === 1 || kept + bytes <= keepBytes;
                if (keep) {
                  kept += bytes;
                  cols.forEach((c, k) => {
                    // a pair's fresh sorts live in the worker's reused buffers: keep copies
                    if (cols.length === 2 && fresh.has(k)) sortedCols[k] = { ...sortedCols[k], sorted: sharedCopy(sortedCols[k].sorted) };
                    primeSorted(c, sortedCols[k]);
                  });
                }
                if (m.pair && sortedCols.length === 2) {
                  if (keep) primePair(sortedCols[0].sorted, sortedCols[1].sorted, m.pair);
                  primePairDigest(cols[0], cols[1], digestSortedPair(sortedCols[0].sorted, sortedCols[1].sorted, m.pair));
                }
                send();
              });
              w.postMessage({
                id,
                reuse: cols.length === 2,
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

const cores = async () => (await import("node:os")).cpus().length;

const usable = (a: Float64Array, minRows: number) => a.length >= minRows && shared(a);

/** Pre-sort numeric columns of frames using up to `threads` workers. Small or unshared columns sort lazily. */
export async function presortFrames(frames: Frame[], threads?: number, minRows = 200_000): Promise<void> {
  threads ??= await cores();
  const jobs = numericArrays(frames)
    .filter((a) => !hasSorted(a) && usable(a, minRows))
    .map((a) => [a]);
  await runJobs(jobs, threads);
}

/**
 * Pre-sort and pre-walk every numeric column present in both frames (features and prediction):
 * after this, KS, Wasserstein, PSI (default bins) and the binned distances on those columns only
 * read the digest; sorted copies stay cached while they fit in `keepSortedBytes`.
 */
export async function presortPairs(baseline: Frame, current: Frame, threads?: number, minRows = 200_000, keepSortedBytes = SORTED_PAIRS_BUDGET): Promise<void> {
  threads ??= await cores();
  const jobs: Job[] = [];
  const add = (b: Float64Array, c: Float64Array) => {
    if (!usable(b, minRows) || !usable(c, minRows)) return;
    if (hasPairDigest(b, c)) return;
    jobs.push([b, c]);
  };
  for (const [name, c] of Object.entries(current.features)) {
    const b = baseline.features[name];
    if (c.type === "numeric" && b?.type === "numeric") add(b.values, c.values);
  }
  if (current.prediction?.type === "numeric" && baseline.prediction?.type === "numeric") add(baseline.prediction.values, current.prediction.values);
  await runJobs(jobs, threads, keepSortedBytes);
}
