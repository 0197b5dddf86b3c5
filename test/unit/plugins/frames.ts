import { categoricalColumn, createFrame, numericColumn, seededRandom } from "@/plugins/sdk";

/**
 * x1, x2 standard normal with correlation rho (Box–Muller on the seeded PRNG), x3 independent
 * noise with standard deviation x3Scale, a category column c that is "a" with probability shareA:
 * a flip of rho drifts the joint distribution while every marginal stays the same.
 */
export function correlatedFrame(n: number, rho: number, seed: number, { x3Scale, shareA }: { x3Scale: number; shareA: number }) {
  const r = seededRandom(seed);
  const g = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  const x1 = new Float64Array(n), x2 = new Float64Array(n), x3 = new Float64Array(n);
  const c: string[] = [];
  for (let i = 0; i < n; i++) {
    x1[i] = g();
    x2[i] = rho * x1[i] + Math.sqrt(1 - rho * rho) * g();
    x3[i] = x3Scale * g();
    c.push(r() < shareA ? "a" : "b");
  }
  return createFrame({ features: { x1: numericColumn(x1), x2: numericColumn(x2), x3: numericColumn(x3), c: categoricalColumn(c) } });
}
