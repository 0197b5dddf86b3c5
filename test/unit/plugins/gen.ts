/**
 * Deterministic data built with integer arithmetic only, so that
 * test/fixtures/evaluation/expected.py rebuilds exactly the same doubles in numpy.
 */
export function seq(n: number, a: number, m: number, scale = 4, shift = -2, start = 0): Float64Array {
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const i = start + k;
    out[k] = (((i * a) % m) / m) * scale + shift;
  }
  return out;
}

/** Sum of three sequences (bell-shaped), plus a shift. */
export function tri(n: number, start = 0, shift = 0): Float64Array {
  const a = seq(n, 7919, 10007, 4, -2, start);
  const b = seq(n, 104729, 99991, 4, -2, start);
  const c = seq(n, 15485863, 1000003, 4, -2, start);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = a[i] + b[i] + c[i] + shift;
  return out;
}

export function sorted(a: Float64Array): Float64Array {
  return Float64Array.from(a).sort();
}

export function map(a: Float64Array, f: (x: number) => number): Float64Array {
  return Float64Array.from(a, f);
}

/** Relative closeness check helper for expect: |a − b| ≤ tol · max(|b|, tiny). */
export function relErr(a: number, b: number): number {
  if (a === b) return 0;
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
}
