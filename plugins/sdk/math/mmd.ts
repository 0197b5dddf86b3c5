/**
 * Empirical maximum mean discrepancy between two samples of vectors with a Gaussian (RBF)
 * kernel k(x, y) = exp(−‖x − y‖² / (2σ²)), σ = median pairwise distance of the pooled sample
 * (median heuristic), and a seeded permutation p-value.
 */
import { partialShuffle, seededRandom } from "./random";

export interface MmdResult {
  /** Biased (V-statistic) MMD²: mean k(X, X) + mean k(Y, Y) − 2 mean k(X, Y). */
  mmd2: number;
  bandwidth: number;
  pValue: number;
  permutations: number;
}

/** Rows are points: `x` holds nx points of `dim` coordinates, row-major; same for `y`. */
export function mmdPermutationTest(x: Float64Array, y: Float64Array, dim: number, permutations: number, seed: number): MmdResult {
  const nx = x.length / dim;
  const ny = y.length / dim;
  const N = nx + ny;
  const pooled = new Float64Array(N * dim);
  pooled.set(x, 0);
  pooled.set(y, nx * dim);
  const d2 = new Float64Array((N * (N - 1)) / 2);
  for (let i = 0, p = 0; i < N; i++)
    for (let j = i + 1; j < N; j++, p++) {
      let s = 0;
      for (let k = 0; k < dim; k++) {
        const diff = pooled[i * dim + k] - pooled[j * dim + k];
        s += diff * diff;
      }
      d2[p] = s;
    }
  const sortedD2 = Float64Array.from(d2).sort();
  const m = sortedD2.length;
  const bandwidth = m === 0 ? 0 : m % 2 ? Math.sqrt(sortedD2[(m - 1) / 2]) : (Math.sqrt(sortedD2[m / 2 - 1]) + Math.sqrt(sortedD2[m / 2])) / 2;
  const K = new Float64Array(N * N);
  // all points equal: any bandwidth gives the same (zero) discrepancy
  const denom = 2 * (bandwidth > 0 ? bandwidth * bandwidth : 1);
  for (let i = 0, p = 0; i < N; i++) {
    K[i * N + i] = 1;
    for (let j = i + 1; j < N; j++, p++) K[i * N + j] = K[j * N + i] = Math.exp(-d2[p] / denom);
  }
  const inX = new Uint8Array(N);
  const stat = () => {
    let sxx = 0;
    let syy = 0;
    let sxy = 0;
    for (let i = 0; i < N; i++) {
      const row = i * N;
      const xi = inX[i];
      for (let j = 0; j < N; j++) {
        const v = K[row + j];
        if (xi && inX[j]) sxx += v;
        else if (!xi && !inX[j]) syy += v;
        else sxy += v;
      }
    }
    // sxy counted both (i, j) and (j, i)
    return sxx / (nx * nx) + syy / (ny * ny) - sxy / (nx * ny);
  };
  inX.fill(1, 0, nx);
  const observed = stat();
  const rand = seededRandom(seed);
  const order = Int32Array.from({ length: N }, (_, i) => i);
  let atLeast = 0;
  for (let b = 0; b < permutations; b++) {
    partialShuffle(order, nx, rand);
    inX.fill(0);
    for (let i = 0; i < nx; i++) inX[order[i]] = 1;
    if (stat() >= observed - 1e-12) atLeast++;
  }
  return { mmd2: Math.max(observed, 0), bandwidth, pValue: (atLeast + 1) / (permutations + 1), permutations };
}
