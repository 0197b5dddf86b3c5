/** L2-regularised logistic regression by full-batch gradient descent with momentum (small dense designs). */

export interface LogisticModel {
  weights: Float64Array;
  bias: number;
}

/** `x` is row-major n × d (already standardised); y ∈ {0, 1}. */
export function fitLogistic(x: Float64Array, y: Uint8Array, d: number, opts: { iterations?: number; rate?: number; l2?: number } = {}): LogisticModel {
  const n = y.length;
  const iterations = opts.iterations ?? 200;
  const rate = opts.rate ?? 0.5;
  const l2 = opts.l2 ?? 1e-3;
  const w = new Float64Array(d);
  const vw = new Float64Array(d);
  let b = 0;
  let vb = 0;
  const g = new Float64Array(d);
  for (let it = 0; it < iterations; it++) {
    g.fill(0);
    let gb = 0;
    for (let i = 0; i < n; i++) {
      let z = b;
      const row = i * d;
      for (let k = 0; k < d; k++) z += w[k] * x[row + k];
      const err = 1 / (1 + Math.exp(-z)) - y[i];
      gb += err;
      for (let k = 0; k < d; k++) g[k] += err * x[row + k];
    }
    for (let k = 0; k < d; k++) {
      vw[k] = 0.9 * vw[k] - rate * (g[k] / n + l2 * w[k]);
      w[k] += vw[k];
    }
    vb = 0.9 * vb - (rate * gb) / n;
    b += vb;
  }
  return { weights: w, bias: b };
}

export function predictLogistic(m: LogisticModel, x: Float64Array, d: number, row: number): number {
  let z = m.bias;
  for (let k = 0; k < d; k++) z += m.weights[k] * x[row * d + k];
  return 1 / (1 + Math.exp(-z));
}
