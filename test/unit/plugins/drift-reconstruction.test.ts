import { describe, expect, it } from "vitest";
import { symmetricEigen } from "@/plugins/sdk";
import driftReconstruction from "@/plugins/builtin/drift.reconstruction";
import { relErr } from "./gen";
import { correlatedFrame } from "./frames";
import { run } from "./harness";

/** x1, x2 correlated by rho, x3 noise, a category column (see correlatedFrame). */
const frame = (n: number, rho: number, seed: number) => correlatedFrame(n, rho, seed, { x3Scale: 0.5, shareA: 0.7 });

describe("drift.reconstruction (PCA, NannyML)", () => {
  it("eigenvalues as numpy.linalg.eigh", () => {
    // numpy.linalg.eigh([[4,1,0.5],[1,3,0.2],[0.5,0.2,1.0]])[0][::-1]
    const { values } = symmetricEigen(Float64Array.from([4, 1, 0.5, 1, 3, 0.2, 0.5, 0.2, 1]), 3);
    [4.6942825492616365, 2.3876469314665565, 0.9180705192718056].forEach((v, i) => expect(relErr(values[i], v)).toBeLessThan(1e-12));
  });
  it("a correlation flip raises the reconstruction error out of the band", async () => {
    const r = await run(driftReconstruction, { baseline: frame(5000, 0.9, 1), current: frame(2000, -0.9, 2) });
    expect(r.metrics.reconstruction_error!).toBeGreaterThan(r.metrics.upper!);
    expect(r.status).toBe("fail");
    expect(r.notes![0]).toMatch(/components explain/);
  });
  it("no change stays inside the band", async () => {
    const r = await run(driftReconstruction, { baseline: frame(5000, 0.9, 1), current: frame(2000, 0.9, 3) });
    expect(r.metrics.alerting_chunks).toBe(0);
    expect(r.status).toBe("pass");
  });
});
