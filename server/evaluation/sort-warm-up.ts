/** A pair job as the sort job runner (parallel-sort.ts makeSortJobRunner) takes it. */
interface WarmUpJob {
  lane: number;
  cols: Array<{ input: SharedArrayBuffer; length: number }>;
}

/**
 * Runs a sort job runner over small made-up pairs (~20 ms of CPU, much of it compiling code the
 * first job would compile anyway) so that every branch of the radix sort's and the pair walk's
 * loops has type feedback before the first 1M-row column. Without it V8 compiles a loop (on-stack
 * replacement) while it has seen only some branches — the walk's "current side ahead", its ties
 * and its tails; the sort's single-sign passes and digits in either 32-bit word — drops that code
 * when a new branch comes up mid-column and runs the rest of the column interpreted: a thread's
 * first four walks took 80–95 ms instead of 25. The columns mirror the shapes real data takes
 * (both signs, one sign, ties, clusters, values differing only in the low word, NaN and
 * ±Infinity), live in SharedArrayBuffers like the jobs', go each pair both ways round, and pass
 * through the runner itself so that its own calls (the output allocator) are the ones compiled.
 * Self-contained (a helper thread builds it from its source).
 */
export function warmUpSortJobs(run: (job: WarmUpJob) => unknown): void {
  let s = 0x9e3779b9;
  const uniform = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
  const column = (n: number, value: (u: number, i: number) => number) => {
    const input = new SharedArrayBuffer(n * 8);
    const a = new Float64Array(input);
    for (let i = 0; i < n; i++) a[i] = value(uniform(), i);
    return { input, length: n };
  };
  const shapes: Array<[(u: number, i: number) => number, (u: number, i: number) => number]> = [
    [(u) => (u - 0.5) * 8, (u) => (u - 0.45) * 7], // both signs
    [(u) => Math.exp(u * 3), (u) => Math.exp(u * 3.2) - 0.5], // one sign, then both
    [(u) => Math.round((u - 0.5) * 40) / 10, (u) => Math.round((u - 0.48) * 40) / 10], // ties
    [(u) => 100 + u * 2 ** -10, (u) => 100 + u * 2 ** -11], // digits across the two 32-bit words
    [(u) => Math.floor(u * 4) + 1 + ((u * 1e6) % 1) * 2 ** -16, (u) => Math.floor(u * 4) + 1 + ((u * 1e6) % 1) * 2 ** -4], // clusters: deeper passes in either word
    [(u) => Math.floor(u * 4) + 1 + ((u * 1e6) % 1) * 2 ** -30, (u) => -Math.floor(u * 4) - 1 - ((u * 1e6) % 1) * 2 ** -16],
    [(u) => -(1 + u * 2 ** -44), (u) => -(1 + u * 2 ** -40)], // one sign, negative, low word only
    [(u, i) => (i % 97 === 0 ? NaN : i % 89 === 0 ? Infinity : (u - 0.5) * 1e6), (u, i) => (i % 83 === 0 ? -Infinity : (u - 0.5) * 2e6)], // non-finite
    [(u) => -(1 + u * 2 ** -20) * (u < 0.5 ? 1 : -1), (u) => (1 + u * 2 ** -50) * (u < 0.3 ? -1 : 1)], // both signs, low bits only
  ];
  for (const [fb, fc] of shapes) {
    const b = column(400, fb);
    const c = column(350, fc);
    run({ lane: -1, cols: [b, c] });
    run({ lane: -1, cols: [c, b] });
  }
}
