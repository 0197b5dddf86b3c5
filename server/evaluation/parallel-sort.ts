/**
 * Sort numeric columns once, on helper threads, and hand the results to the SDK's caches
 * (primeSorted, primePair, primePairDigest) so every statistic reuses them. A job is a column or
 * a (baseline, current) pair: a helper thread (or this one) radix-sorts both and walks the pair once (KS statistic +
 * Wasserstein distance); this thread reads the PSI and histogram counts off the sorted pair
 * (digestSortedPair) and keeps the sorted copies only within a byte budget — past it, the few
 * numbers of the digest are all that stays, so memory is the data plus the pairs in flight.
 * Columns backed by a SharedArrayBuffer are read without copying.
 */
import {
  digestSortedPair,
  finiteProbe,
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
import { warmUpSortJobs } from "@/server/evaluation/sort-warm-up";
import { newHelperThread, sharedHelperThread } from "@/server/threads/helper-thread";

/**
 * Sorted copies of pairs kept for later statistics beyond the digest, in bytes. None by default:
 * the digest covers KS, Wasserstein, PSI (default bins) and the binned distances, and keeping
 * two sorted copies of every column doubled the memory of an evaluation; other tests sort lazily.
 */
export const SORTED_PAIRS_BUDGET = 0;

/** A job as posted: each column either to sort (`input`, shared) or already sorted (`sorted`, shared). */
interface SortJob {
  /** The pair of reused output buffers to sort into (see makeSortJobRunner), or -1 for buffers of its own. */
  lane: number;
  cols: Array<{ input: SharedArrayBuffer; length: number } | { sorted: SharedArrayBuffer }>;
}

interface SortReply {
  res: Array<{ sorted: SharedArrayBuffer; length: number; missing: number; posInf: number; negInf: number } | null>;
  pair: PairStats | null;
}

/**
 * Runs sort jobs: radix-sorts the columns to sort and walks a pair once. Self-contained (its
 * helpers come in as arguments), so a helper thread builds it from its source and this thread
 * from the SDK's functions. A pair job sorts into the two shared buffers of its lane, kept from
 * job to job: the host reads them (digest, copies it keeps) before that lane's next job, so a
 * lane holds two column-sized buffers whatever the number of columns (plus one scratch buffer per
 * runner). Jobs with lane -1 (single columns) get buffers of their own.
 */
export function makeSortJobRunner(sortFrom: typeof sortFiniteFrom, walk: typeof walkPair): (job: SortJob) => SortReply {
  const slots: Array<Array<SharedArrayBuffer | null>> = [];
  let tmp = new Float64Array(0);
  const sortShared = (buf: SharedArrayBuffer, length: number, lane: number, k: number) => {
    if (tmp.length < length) tmp = new Float64Array(length);
    const alloc = (n: number) => {
      if (lane < 0) return new Float64Array(new SharedArrayBuffer(n * 8));
      const own = (slots[lane] ??= [null, null]);
      let b = own[k];
      if (!b || b.byteLength < n * 8) b = own[k] = new SharedArrayBuffer(n * 8);
      return new Float64Array(b, 0, n);
    };
    return sortFrom(new Float64Array(buf, 0, length), alloc, tmp);
  };
  return (job) => {
    const res = job.cols.map((c, k) => ("sorted" in c ? null : sortShared(c.input, c.length, job.lane, k)));
    const sortedOf = (k: number) => res[k]?.sorted ?? new Float64Array((job.cols[k] as { sorted: SharedArrayBuffer }).sorted);
    const pair = job.cols.length === 2 ? walk(sortedOf(0), sortedOf(1)) : null;
    return { res: res.map((r) => r && { sorted: r.sorted.buffer as SharedArrayBuffer, length: r.sorted.length, missing: r.missing, posInf: r.posInf, negInf: r.negInf }), pair };
  };
}

/** The helper thread's handler (server/threads/helper-thread.ts): makeSortJobRunner over the SDK's self-contained sort and walk. */
function sortHandlerSource(): string {
  return `(require) => {
const ${sortFiniteInPlace.name} = (${makeSortFiniteInPlace.toString()})(); // the names sortFrom calls (a bundle may shorten them)
const ${finiteProbe.name} = (${finiteProbe.toString()});
const run = (${makeSortJobRunner.toString()})((${sortFiniteFrom.toString()}), (${walkPair.toString()}));
(${warmUpSortJobs.toString()})(run);
return run;
}`;
}

let warmHere = false;

/** A runner on this thread (its buffers go with it); the sort and walk are warmed up once per thread. */
function hereRunner(): (job: SortJob) => SortReply {
  const run = makeSortJobRunner(sortFiniteFrom, walkPair);
  if (!warmHere) warmUpSortJobs(run);
  warmHere = true;
  return run;
}

/** A shared copy of a sorted column that lives in a lane's reused buffer. */
function sharedCopy(a: Float64Array): Float64Array {
  const out = new Float64Array(new SharedArrayBuffer(a.byteLength));
  out.set(a);
  return out;
}

type Job = Float64Array[]; // one column, or [baseline, current]

function shared(a: Float64Array): boolean {
  return a.buffer instanceof SharedArrayBuffer;
}

/** Yields to the event loop, so the helper threads' replies are taken (and their next jobs sent) between this thread's jobs. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Runs the jobs on `threads` cores: the shared helper thread, two jobs in flight (two lanes, so it
 * never waits for this thread to take a reply), this thread between the helper's replies, and
 * fresh helper threads beyond two cores. Costs one thread start, none when the files were read on
 * more than one core (the helper is already running, its scanner done).
 */
async function runJobs(jobs: Job[], threads: number, keepBytes = Infinity): Promise<void> {
  if (jobs.length === 0) return;
  let kept = 0;
  const n = Math.max(1, Math.min(threads, jobs.length));
  // no thread when there is no work: `evalbook evaluate` on a small file never starts one (start-up, issue 18)
  const helpers = await Promise.all(Array.from({ length: Math.max(1, n - 1) }, (_, k) => (k === 0 ? sharedHelperThread() : newHelperThread())));
  const source = sortHandlerSource();
  let here: ((job: SortJob) => SortReply) | undefined; // made at its first job, once the helpers have theirs
  type Runner = (job: SortJob) => Promise<SortReply>;
  const runners: Runner[] = helpers.flatMap((h, k): Runner[] => {
    const remote: Runner = (job) => h.request<SortReply>("sort-pair", source, job);
    return k === 0 && n > 1 ? [remote, remote] : [remote];
  });
  if (n > 1) runners.push(async (job) => (await turn(), (here ??= hereRunner())(job)));
  try {
    let next = 0;
    await Promise.all(
      runners.map(async (run, lane) => {
        while (next < jobs.length) {
          const cols = jobs[next++]!;
          const m = await run({
            lane: cols.length === 2 ? lane : -1,
            cols: cols.map((c) => {
              if (hasSorted(c)) {
                const s = sortedFinite(c).sorted;
                // already sorted here: pass it when shared, else the thread re-sorts a shared copy
                if (shared(s)) return { sorted: s.buffer as SharedArrayBuffer };
              }
              return { input: c.buffer as SharedArrayBuffer, length: c.length };
            }),
          });
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
              // a pair's fresh sorts live in its lane's reused buffers: keep copies
              if (cols.length === 2 && fresh.has(k)) sortedCols[k] = { ...sortedCols[k], sorted: sharedCopy(sortedCols[k].sorted) };
              primeSorted(c, sortedCols[k]);
            });
          }
          if (m.pair && sortedCols.length === 2) {
            if (keep) primePair(sortedCols[0].sorted, sortedCols[1].sorted, m.pair);
            primePairDigest(cols[0], cols[1], digestSortedPair(sortedCols[0].sorted, sortedCols[1].sorted, m.pair));
          }
        }
      }),
    );
  } finally {
    await Promise.all(helpers.map((t) => t.release()));
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
