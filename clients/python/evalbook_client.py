"""evalbook client for Python: log predictions and labels from a service. Standard library only.

    from evalbook_client import EvalbookClient

    client = EvalbookClient("http://localhost:3000", api_key=os.environ["EVALBOOK_API_KEY"], model="fraud-risk")
    client.log_prediction(request_id="r-1", version="v3.2", features={"txn_amount": 12.5}, prediction=0.93, latency_ms=41)
    client.log_label(request_id="r-1", label=1)
    client.close()  # flushes; also runs automatically at interpreter exit

    # log 5% of requests (the same 5% in every version: the decision hashes the requestId)
    client = EvalbookClient(url, api_key=key, model="fraud-risk", sample_rate=0.05)

Behaviour:
- log_* never blocks and never raises: rows go into a bounded in-memory buffer (oldest dropped
  when full, counted in `stats["dropped"]`) and a daemon thread sends them in batches (gzip'd NDJSON).
- Batches are retried with exponential backoff and jitter on network errors, 429 (honouring
  Retry-After) and 5xx; a 413 splits the batch; other 4xx answers are logged and dropped.
- Replays are safe: the server deduplicates on (model, version, requestId).
- Problems go to the "evalbook" logger; `stats` counts accepted / duplicates / rejected / failed rows.
- Sampling (`sample_rate`, 0 < r <= 1, default 1): a request is logged iff the first 4 bytes of
  SHA-256(UTF-8 requestId), read as a big-endian uint32, divided by 2^32 are below the rate
  (`sampled()`; the TypeScript client decides identically). So production, shadow and canary
  versions log the same requests and stay paired, and a label is kept exactly when its request
  is sampled. Sampled rows carry `sampleRate` so the server can scale counts by 1/rate; rows not
  sampled are never buffered (counted in `stats["sampled_out"]`).
"""

from __future__ import annotations

import atexit
import collections
import datetime as _dt
import gzip
import hashlib
import json
import logging
import math
import random
import threading
import time
import urllib.error
import urllib.request
from typing import Any, Deque, Dict, List, Mapping, Optional, Tuple

__all__ = ["EvalbookClient", "sampled"]
__version__ = "1.0.0"

log = logging.getLogger("evalbook")

_PREDICTIONS = "predictions"
_LABELS = "labels"


def _now_ms() -> int:
    return int(time.time() * 1000)


def _timestamp(value: Any) -> Any:
    if value is None:
        return _now_ms()
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=_dt.timezone.utc)
        return value.isoformat()
    return value


def sampled(request_id: Any, rate: float) -> bool:
    """Whether `request_id` is in the sample at `rate`: the same answer in every client and version."""
    if rate >= 1:
        return True
    h = int.from_bytes(hashlib.sha256(str(request_id).encode("utf-8")).digest()[:4], "big")
    return h / 4294967296.0 < rate


def _check_rate(rate: Any) -> float:
    r = float(rate)
    if not (0 < r <= 1):  # also refuses NaN
        raise ValueError("sample_rate must be in (0, 1], got %r" % (rate,))
    return r


def _jsonable(value: Any) -> Any:
    """json.dumps `default`: numpy scalars/arrays, datetimes, sets."""
    if hasattr(value, "tolist"):
        return value.tolist()
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    return str(value)


class EvalbookClient:
    def __init__(
        self,
        base_url: str,
        api_key: str,
        model: str,
        *,
        batch_size: int = 500,
        flush_interval: float = 2.0,
        max_buffer: int = 100_000,
        max_retries: int = 8,
        timeout: float = 15.0,
        compress: bool = True,
        sample_rate: float = 1.0,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.model = model
        self.batch_size = max(1, int(batch_size))
        self.flush_interval = float(flush_interval)
        self.max_retries = int(max_retries)
        self.timeout = float(timeout)
        self.compress = compress
        self.sample_rate = _check_rate(sample_rate)
        self._buffers: Dict[str, Deque[Dict[str, Any]]] = {
            _PREDICTIONS: collections.deque(maxlen=max_buffer),
            _LABELS: collections.deque(maxlen=max_buffer),
        }
        self._cond = threading.Condition()
        self._in_flight = 0
        self._closed = False
        self._flush_requested = False
        self.stats: Dict[str, int] = collections.Counter(accepted=0, duplicates=0, rejected=0, dropped=0, failed=0, sent=0, sampled_out=0)
        self.rejections: Deque[Dict[str, Any]] = collections.deque(maxlen=1000)
        self._thread = threading.Thread(target=self._run, name="evalbook-client", daemon=True)
        self._thread.start()
        atexit.register(self.close)

    # ── public API: cheap, never raises ─────────────────────────────────────────

    def log_prediction(
        self,
        request_id: str,
        prediction: Any,
        *,
        features: Optional[Mapping[str, Any]] = None,
        version: Optional[str] = None,
        timestamp: Any = None,
        label: Any = None,
        latency_ms: Optional[float] = None,
        cost_usd: Optional[float] = None,
        tokens_in: Optional[int] = None,
        tokens_out: Optional[int] = None,
        error: Optional[str] = None,
        cohort: Optional[Mapping[str, str]] = None,
    ) -> bool:
        """Buffers a prediction; False when it was not buffered (not sampled, or the client is closed)."""
        try:
            if not self._in_sample(request_id):
                return False
            row: Dict[str, Any] = {"requestId": str(request_id), "timestamp": _timestamp(timestamp), "prediction": prediction}
            if self.sample_rate < 1:
                row["sampleRate"] = self.sample_rate
            if version is not None:
                row["version"] = version
            if features is not None:
                row["features"] = dict(features)
            for key, value in (
                ("label", label),
                ("latencyMs", latency_ms),
                ("costUsd", cost_usd),
                ("tokensIn", tokens_in),
                ("tokensOut", tokens_out),
                ("error", error),
            ):
                if value is not None:
                    row[key] = value
            if cohort is not None:
                row["cohort"] = dict(cohort)
            return self._enqueue(_PREDICTIONS, row)
        except Exception:  # never crash the caller
            log.exception("evalbook: could not buffer a prediction")
            return False

    def log_label(self, request_id: str, label: Any, *, timestamp: Any = None) -> bool:
        """Buffers a label; a label for a request outside the sample is dropped (False)."""
        try:
            if not self._in_sample(request_id):
                return False
            return self._enqueue(_LABELS, {"requestId": str(request_id), "label": label, "timestamp": _timestamp(timestamp)})
        except Exception:
            log.exception("evalbook: could not buffer a label")
            return False

    def flush(self, timeout: Optional[float] = 30.0) -> bool:
        """Sends everything buffered; True when the buffers are empty within `timeout` seconds."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            self._flush_requested = True
            self._cond.notify_all()
            while self._pending():
                if not self._thread.is_alive():
                    return False
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    return False
                self._cond.wait(0.05 if remaining is None else min(0.05, remaining))
        return True

    def close(self, timeout: float = 10.0) -> None:
        """Flushes (up to `timeout` seconds) and stops the sender. Safe to call twice."""
        if self._closed:
            return
        try:
            self.flush(timeout)
        finally:
            with self._cond:
                self._closed = True
                self._cond.notify_all()
            self._thread.join(1.0)
            try:
                atexit.unregister(self.close)
            except Exception:
                pass

    # ── internals ───────────────────────────────────────────────────────────────

    def _in_sample(self, request_id: Any) -> bool:
        if sampled(request_id, self.sample_rate):
            return True
        with self._cond:
            self.stats["sampled_out"] += 1
        return False

    def _enqueue(self, kind: str, row: Dict[str, Any]) -> bool:
        with self._cond:
            if self._closed:
                self.stats["dropped"] += 1
                return False
            buf = self._buffers[kind]
            if len(buf) == buf.maxlen:
                self.stats["dropped"] += 1  # deque drops the oldest
            buf.append(row)
            if len(buf) >= self.batch_size:
                self._cond.notify_all()
        return True

    def _pending(self) -> bool:
        return self._in_flight > 0 or any(self._buffers.values())

    def _take(self) -> List[Tuple[str, List[Dict[str, Any]]]]:
        out = []
        for kind in (_PREDICTIONS, _LABELS):  # predictions first, so labels usually join at once
            buf = self._buffers[kind]
            while buf:
                batch = [buf.popleft() for _ in range(min(self.batch_size, len(buf)))]
                out.append((kind, batch))
        return out

    def _run(self) -> None:
        last = time.monotonic()
        while True:
            with self._cond:
                while not self._closed and not self._flush_requested:
                    full = any(len(b) >= self.batch_size for b in self._buffers.values())
                    due = time.monotonic() - last >= self.flush_interval and any(self._buffers.values())
                    if full or due:
                        break
                    self._cond.wait(min(0.25, self.flush_interval))
                if self._closed and not any(self._buffers.values()):
                    return
                self._flush_requested = False
                batches = self._take()
                self._in_flight += len(batches)
            for kind, batch in batches:
                try:
                    self._send(kind, batch)
                except Exception:
                    log.exception("evalbook: unexpected error while sending a batch")
                    self.stats["failed"] += len(batch)
                finally:
                    with self._cond:
                        self._in_flight -= 1
                        self._cond.notify_all()
            last = time.monotonic()

    def _encode(self, batch: List[Dict[str, Any]]) -> bytes:
        lines = []
        for row in batch:
            try:
                lines.append(json.dumps(row, default=_jsonable, separators=(",", ":")))
            except (TypeError, ValueError) as exc:  # unserialisable row: count it, keep the rest
                log.warning("evalbook: dropping a row that cannot be serialised: %s", exc)
                self.stats["rejected"] += 1
        data = ("\n".join(lines)).encode("utf-8")
        return gzip.compress(data, 5) if self.compress else data

    def _send(self, kind: str, batch: List[Dict[str, Any]]) -> None:
        url = "%s/api/v1/models/%s/%s" % (self.base_url, urllib.request.quote(self.model, safe=""), kind)
        body = self._encode(batch)
        headers = {
            "Authorization": "Bearer " + self.api_key,
            "Content-Type": "application/x-ndjson",
            "User-Agent": "evalbook-python/" + __version__,
        }
        if self.compress:
            headers["Content-Encoding"] = "gzip"
        attempt = 0
        while True:
            retry_after: Optional[float] = None
            try:
                req = urllib.request.Request(url, data=body, headers=headers, method="POST")
                with urllib.request.urlopen(req, timeout=self.timeout) as res:
                    answer = json.loads(res.read().decode("utf-8"))
                self.stats["sent"] += len(batch)
                self.stats["accepted"] += int(answer.get("accepted", 0))
                self.stats["duplicates"] += int(answer.get("duplicates", 0))
                rejected = answer.get("rejected") or []
                self.stats["rejected"] += len(rejected)
                for r in rejected:
                    self.rejections.append(r)
                if rejected:
                    log.warning("evalbook: %d %s rejected, e.g. row %s %s: %s", len(rejected), kind, rejected[0].get("index"), rejected[0].get("field"), rejected[0].get("message"))
                return
            except urllib.error.HTTPError as exc:
                message = _error_message(exc)
                if exc.code == 413 and len(batch) > 1:
                    half = len(batch) // 2
                    self._send(kind, batch[:half])
                    self._send(kind, batch[half:])
                    return
                if exc.code != 429 and exc.code < 500:
                    log.error("evalbook: %s batch of %d refused (%d): %s", kind, len(batch), exc.code, message)
                    self.stats["failed"] += len(batch)
                    return
                header = exc.headers.get("Retry-After") if exc.headers else None
                retry_after = float(header) if header and header.replace(".", "", 1).isdigit() else None
                problem = "%d %s" % (exc.code, message)
            except Exception as exc:  # network errors, timeouts, bad JSON
                problem = repr(exc)
            attempt += 1
            if attempt > self.max_retries or (self._closed and attempt > 2):
                log.error("evalbook: giving up on a %s batch of %d after %d attempts: %s", kind, len(batch), attempt, problem)
                self.stats["failed"] += len(batch)
                return
            wait = retry_after if retry_after is not None else min(30.0, 0.25 * 2 ** (attempt - 1)) * (0.5 + random.random())
            log.info("evalbook: retrying %s batch in %.1fs (%s)", kind, wait, problem)
            time.sleep(wait)


def _error_message(exc: "urllib.error.HTTPError") -> str:
    try:
        return json.loads(exc.read().decode("utf-8"))["error"]["message"]
    except Exception:
        return str(exc)


if __name__ == "__main__":  # smoke test: python3 evalbook_client.py URL KEY MODEL
    import sys

    logging.basicConfig(level=logging.INFO)
    url, key, model = sys.argv[1:4]
    c = EvalbookClient(url, key, model, batch_size=100, flush_interval=0.5)
    for i in range(250):
        c.log_prediction(request_id="smoke-%d" % i, prediction=random.random(), features={"x": random.random(), "nan": math.nan if i == 7 else 1.0})
        c.log_label(request_id="smoke-%d" % i, label=i % 2)
    c.close()
    print(json.dumps(dict(c.stats)))
