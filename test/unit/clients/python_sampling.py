"""Sampling in the Python client, against a local capture server (run by sampling.test.ts).

Checks: the shared fixture of decisions, the same requestIds sampled in every version, labels of
unsampled requests dropped, rows carrying sampleRate, estimated counts within their stated error
on a generated stream, mixed rates and a rate changed mid-stream (per-row weights).
"""
import gzip
import json
import math
import os
import sys
import threading
import unittest
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "clients", "python"))
from evalbook_client import EvalbookClient, sampled  # noqa: E402

FIXTURE = os.path.join(ROOT, "test", "fixtures", "sampling", "decisions.json")


class Capture(BaseHTTPRequestHandler):
    rows = {}  # path -> list of rows
    lock = threading.Lock()

    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        got = [json.loads(line) for line in body.decode("utf-8").splitlines() if line]
        with Capture.lock:
            Capture.rows.setdefault(self.path, []).extend(got)
        answer = json.dumps({"accepted": len(got), "duplicates": 0, "rejected": []}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


def within_error(estimate, n, rate, sigmas=4.0):
    """The estimate n̂ = sampled / rate has standard error sqrt(n (1 - rate) / rate)."""
    return abs(estimate - n) <= sigmas * math.sqrt(n * (1 - rate) / rate)


class SamplingTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = ThreadingHTTPServer(("127.0.0.1", 0), Capture)
        threading.Thread(target=cls.server.serve_forever, daemon=True).start()
        cls.url = "http://127.0.0.1:%d" % cls.server.server_address[1]

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()
        cls.server.server_close()

    def setUp(self):
        Capture.rows = {}

    def client(self, model, rate):
        return EvalbookClient(self.url, api_key="eb_test", model=model, sample_rate=rate, batch_size=5000, flush_interval=0.05)

    def sent(self, model, kind):
        return Capture.rows.get("/api/v1/models/%s/%s" % (model, kind), [])

    def test_shared_fixture(self):
        fixture = json.load(open(FIXTURE, encoding="utf-8"))
        for case in fixture["cases"]:
            for rate, expected in case["sampled"].items():
                self.assertEqual(sampled(case["requestId"], float(rate)), expected, (case["requestId"], rate))

    def test_same_requests_in_every_version_and_labels_follow(self):
        c = self.client("m1", 0.1)
        ids = ["r-%d" % i for i in range(3000)]
        for version in ("prod", "shadow", "canary"):
            for rid in ids:
                c.log_prediction(request_id=rid, version=version, prediction=0.5)
        for rid in ids:
            c.log_label(request_id=rid, label=1)
        c.close()
        expected = {rid for rid in ids if sampled(rid, 0.1)}
        self.assertTrue(200 < len(expected) < 400, len(expected))
        preds = self.sent("m1", "predictions")
        for version in ("prod", "shadow", "canary"):
            self.assertEqual({r["requestId"] for r in preds if r["version"] == version}, expected)
        self.assertTrue(all(r["sampleRate"] == 0.1 for r in preds))
        self.assertEqual({r["requestId"] for r in self.sent("m1", "labels")}, expected)
        self.assertEqual(c.stats["sampled_out"], 4 * (len(ids) - len(expected)))

    def test_rate_one_sends_everything_without_the_field(self):
        c = self.client("m2", 1)
        for i in range(100):
            c.log_prediction(request_id="x-%d" % i, prediction=1)
        c.close()
        rows = self.sent("m2", "predictions")
        self.assertEqual(len(rows), 100)
        self.assertTrue(all("sampleRate" not in r for r in rows))

    def test_estimates_within_error_mixed_rates_and_a_rate_change(self):
        n = 60000
        ids = ["gen-%d-%d" % (i, i * 7919 % 104729) for i in range(n)]
        low, high = self.client("low", 0.05), self.client("high", 0.5)
        changed_a, changed_b = self.client("changed", 0.5), self.client("changed", 0.02)
        for i, rid in enumerate(ids):
            low.log_prediction(request_id=rid, prediction=0)
            high.log_prediction(request_id=rid, prediction=0)
            (changed_a if i < n // 2 else changed_b).log_prediction(request_id=rid, prediction=0)
        for c in (low, high, changed_a, changed_b):
            c.close()
        low_ids = {r["requestId"] for r in self.sent("low", "predictions")}
        high_ids = {r["requestId"] for r in self.sent("high", "predictions")}
        self.assertTrue(low_ids < high_ids, "a lower rate samples a subset of a higher rate")
        self.assertTrue(within_error(len(low_ids) / 0.05, n, 0.05))
        self.assertTrue(within_error(len(high_ids) / 0.5, n, 0.5))
        # Per-row weights: each half estimated by its own rate, the sum within the halves' combined error.
        estimate = sum(1 / r["sampleRate"] for r in self.sent("changed", "predictions"))
        half = n // 2
        sigma = math.sqrt(half * 0.5 / 0.5 + half * 0.98 / 0.02)
        self.assertLessEqual(abs(estimate - n), 4 * sigma)

    def test_bad_rates_are_refused(self):
        for bad in (0, -0.1, 1.5, float("nan")):
            with self.assertRaises(ValueError):
                EvalbookClient(self.url, api_key="k", model="m", sample_rate=bad)


if __name__ == "__main__":
    unittest.main(verbosity=1)
