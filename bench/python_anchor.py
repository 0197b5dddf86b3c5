"""Python anchor for `npm run bench:evaluate` (ANCHOR=1): the same work in pandas + scipy + numpy.

Usage:
  /usr/bin/python3 bench/python_anchor.py BASELINE.csv CURRENT.csv [ks|wasserstein]
      pandas.read_csv both files, then scipy.stats.ks_2samp (or wasserstein_distance) on every
      column, as a user would (the `evalbook evaluate --plugin drift.ks` case).
  /usr/bin/python3 bench/python_anchor.py memory ROWS FEATURES
      the in-memory case of bench/evaluate.ts: ROWS baseline vs ROWS current × FEATURES columns
      (the same five distributions, numpy's generator), per column KS (ks_2samp), Wasserstein
      (wasserstein_distance), PSI (10 baseline-quantile bins) and Jensen–Shannon (Sturges bins
      over the pooled range), then ROC AUC on ROWS labelled scores (rank formula, scipy.rankdata).
      Data generation is not timed, like the TypeScript bench.
  /usr/bin/python3 bench/python_anchor.py parquet FILE.parquet
      pandas.read_parquet (pyarrow engine) of the whole file into numpy columns, the Parquet case
      of bench/parquet.ts. Needs pyarrow (Debian does not package it: a venv with
      --system-site-packages and `pip install pyarrow`, then ANCHOR_PARQUET_PYTHON=that venv's python);
      without it prints {"missing": "pyarrow"}.
Prints one JSON line: wall seconds (imports included for the CSV case; CPU seconds of the timed
part for the in-memory case), peak RSS and the results.
"""
import json
import sys
import time

t0 = time.perf_counter()


def csv_case(base_file, cur_file, test):
    import pandas as pd  # noqa: E402  (imports are part of the user's wall time)
    from scipy import stats  # noqa: E402

    b = pd.read_csv(base_file)
    c = pd.read_csv(cur_file)
    out = {}
    for col in b.columns:
        x, y = b[col].dropna().to_numpy(), c[col].dropna().to_numpy()
        if test == "ks":
            r = stats.ks_2samp(x, y)
            out[col] = [float(r.statistic), float(r.pvalue)]
        else:
            out[col] = float(stats.wasserstein_distance(x, y))
    return {"seconds": time.perf_counter() - t0, "results": out}


def memory_case(rows, features):
    import numpy as np
    from scipy import stats
    from scipy.spatial import distance

    rng = np.random.default_rng(1)

    def frame(drift):
        cols = []
        for f in range(features):
            z = rng.standard_normal(rows)
            shift = 0.05 if drift and f % 4 == 0 else 0.0
            kind = f % 5
            if kind == 0:
                v = z + shift
            elif kind == 1:
                v = np.exp(0.5 * z + shift)
            elif kind == 2:
                v = np.round(10 * (z + shift)) / 10
            elif kind == 3:
                v = 100 + 15 * (z + shift)
            else:
                v = z * 1e6 + shift * 1e6
            cols.append(v)
        return cols

    base, cur = frame(False), frame(True)
    y = (rng.random(rows) < 0.3).astype(np.int8)
    score = np.round(1e4 / (1 + np.exp(-(-1 + 2 * y + 1.2 * rng.standard_normal(rows))))) / 1e4
    t = time.perf_counter()
    cpu = time.process_time()
    drifted = {"ks": 0, "wasserstein": 0, "psi": 0, "jensenshannon": 0}
    for b, c in zip(base, cur):
        if stats.ks_2samp(b, c).pvalue < 0.05:
            drifted["ks"] += 1
        if stats.wasserstein_distance(b, c) / max(np.std(b), 0.001) >= 0.1:
            drifted["wasserstein"] += 1
        edges = np.unique(np.quantile(b, np.arange(1, 10) / 10))
        bc = np.bincount(np.searchsorted(edges, b, side="left"), minlength=len(edges) + 1) / len(b)
        cc = np.bincount(np.searchsorted(edges, c, side="left"), minlength=len(edges) + 1) / len(c)
        bc, cc = np.maximum(bc, 1e-4), np.maximum(cc, 1e-4)
        if np.sum((cc - bc) * np.log(cc / bc)) >= 0.25:
            drifted["psi"] += 1
        hedges = np.histogram_bin_edges(np.concatenate([b, c]), bins="sturges")
        hb, _ = np.histogram(b, hedges)
        hc, _ = np.histogram(c, hedges)
        if distance.jensenshannon(hb, hc, base=2) >= 0.1:
            drifted["jensenshannon"] += 1
    ranks = stats.rankdata(score)
    pos = int(y.sum())
    neg = rows - pos
    auc = (ranks[y == 1].sum() - pos * (pos + 1) / 2) / (pos * neg)
    return {"seconds": time.perf_counter() - t, "cpu_seconds": time.process_time() - cpu, "drifted": drifted, "roc_auc": float(auc)}


def parquet_case(file):
    import pandas as pd

    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return {"missing": "pyarrow"}
    t = time.perf_counter()
    cpu = time.process_time()
    frame = pd.read_parquet(file, engine="pyarrow")
    columns = [frame[c].to_numpy() for c in frame.columns]
    return {
        "seconds": time.perf_counter() - t,
        "cpu_seconds": time.process_time() - cpu,
        "rows": len(frame),
        "cols": len(columns),
        "pyarrow": pyarrow.__version__,
    }


def main():
    import resource

    if sys.argv[1] == "memory":
        out = memory_case(int(sys.argv[2]), int(sys.argv[3]))
    elif sys.argv[1] == "parquet":
        out = parquet_case(sys.argv[2])
    else:
        out = csv_case(sys.argv[1], sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else "ks")
    out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out))


main()
