/** A small seeded PRNG (mulberry32) so permutation tests and sampling are reproducible. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** In-place Fisher–Yates shuffle of the first `count` positions (a uniform sample of `count` without replacement). */
export function partialShuffle(a: Int32Array | number[], count: number, rand: () => number): void {
  const n = a.length;
  for (let i = 0; i < Math.min(count, n - 1); i++) {
    const j = i + Math.floor(rand() * (n - i));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}

/** `count` values drawn without replacement (all of them, in order, when count ≥ length). */
export function sampleValues(values: Float64Array, count: number, rand: () => number): Float64Array {
  if (values.length <= count) return values;
  const idx = Int32Array.from({ length: values.length }, (_, i) => i);
  partialShuffle(idx, count, rand);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = values[idx[i]];
  return out;
}
