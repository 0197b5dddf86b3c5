"""Python anchor for `npm run bench:evaluate` (ANCHOR=1): the same drift work in pandas + scipy.

Usage: /usr/bin/python3 bench/python_anchor.py BASELINE.csv CURRENT.csv [ks|wasserstein]
Reads both files with pandas.read_csv, then runs scipy.stats.ks_2samp (or wasserstein_distance)
on every column, as a user would. Prints one JSON line with the wall seconds.
"""
import json
import sys
import time

t0 = time.perf_counter()
import pandas as pd  # noqa: E402  (imports are part of the user's wall time)
from scipy import stats  # noqa: E402

base_file, cur_file = sys.argv[1], sys.argv[2]
test = sys.argv[3] if len(sys.argv) > 3 else "ks"
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
print(json.dumps({"seconds": time.perf_counter() - t0, "results": out}))
