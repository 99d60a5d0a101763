"""The door's realistic mix of scans, for bench/checkin.py: what real doors send, not only first scans.

A real door rescans constantly (camera re-reads, people coming back, two gates), so the mix is
70% first scans, 20% repeats of a badge scanned in the last minute (already_checked_in), 5% a
recently scanned badge at the other gate, 5% invalid codes. Every answer is checked against the
result it must have; a wrong result counts as an error.

- open_loop(): requests are due at a fixed rate (100 scans/s) whatever the server does: a slow
  answer does not hold the next arrival back, and each latency is counted from the moment the scan
  was due (so that time spent waiting for a free client counts too: no coordinated omission).
- closed_loop_work(): per-client lists of the same mix for the saturation run (bench/checkin.drive),
  each client repeating its own earlier badges, so every expected result is known in advance.

Run alone, it measures the mix only (the saturation rounds and the open loop, on the server and the
data bench/checkin.py uses), with the load average before and after each database:

    .venv/bin/python bench/checkin_mix.py        BENCH_DATABASE_URL, BENCH_LANES as in bench/common.py
"""
import base64
import http.client
import json
import queue
import random
import threading
import time
import uuid
from collections import deque

MIX = (("first", 0.70), ("repeat", 0.20), ("other_gate", 0.05), ("invalid", 0.05))
GATE, OTHER_GATE = "cong-chinh", "hoi-truong"
RECENT_S = 60.0
PATH = "/api/v1/events/bench/checkins"


def _kind(rng):
    roll, total = rng.random(), 0.0
    for kind, share in MIX:
        total += share
        if roll < total:
            return kind
    return MIX[-1][0]


def invalid_code(rng):
    # The right shape (26 base32 characters), so that the server looks it up: no badge has it.
    return base64.b32encode(rng.randbytes(16)).decode().rstrip("=")


def _request(key, code, gate):
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    body = json.dumps({"code": code, "gate": gate, "client_id": str(uuid.uuid4())})
    return "POST", PATH, body, headers


def closed_loop_work(keys, codes, per_client, seed=7):
    """One list per client of (method, path, body, headers, expected results) in the mix. `codes`
    are badges nobody has scanned; each client takes its own share."""
    rng = random.Random(seed)
    share = len(codes) // len(keys)
    work = []
    for n, key in enumerate(keys):
        fresh = iter(codes[n * share:(n + 1) * share])
        mine, at_other = [], set()
        items = []
        for _ in range(per_client):
            kind = _kind(rng)
            if kind in ("repeat", "other_gate") and not mine:
                kind = "first"
            if kind == "first":
                code = next(fresh)
                mine.append(code)
                items.append((*_request(key, code, GATE), ("accepted",)))
            elif kind == "repeat":
                items.append((*_request(key, rng.choice(mine[-60:]), GATE), ("already_checked_in",)))
            elif kind == "other_gate":
                code = rng.choice(mine[-60:])
                expected = "already_checked_in" if code in at_other else "accepted"
                at_other.add(code)
                items.append((*_request(key, code, OTHER_GATE), (expected,)))
            else:
                items.append((*_request(key, invalid_code(rng), GATE), ("invalid",)))
        work.append(items)
    return work


def open_loop(port, keys, codes, rate=100.0, seconds=30.0, senders=48, seed=11):
    """Scans due every 1/rate seconds for `seconds`, sent by `senders` threads. Returns a dict with
    the latencies (ms, from the moment each scan was due), the errors and the rate achieved."""
    rng = random.Random(seed)
    fresh = iter(codes)
    answered = deque()  # (monotonic time, code) of first scans answered, for repeats
    lock = threading.Lock()
    due = queue.Queue()
    latencies, errors, kinds = [], [], {kind: 0 for kind, _ in MIX}
    by_kind = {kind: [] for kind, _ in MIX}

    def choose(index):
        kind = _kind(rng)
        now = time.monotonic()
        with lock:
            while answered and now - answered[0][0] > RECENT_S:
                answered.popleft()
            recent = [code for _, code in answered]
        if kind in ("repeat", "other_gate") and not recent:
            kind = "first"
        kinds[kind] += 1
        key = keys[index % len(keys)]
        if kind == "first":
            code = next(fresh)
            return kind, _request(key, code, GATE), ("accepted",), code
        if kind == "repeat":
            return kind, _request(key, rng.choice(recent), GATE), ("already_checked_in",), None
        if kind == "other_gate":
            # Its first scan at the other gate may still be under way: either answer is right.
            return kind, _request(key, rng.choice(recent), OTHER_GATE), ("accepted", "already_checked_in"), None
        return kind, _request(key, invalid_code(rng), GATE), ("invalid",), None

    def sender():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while True:
            item = due.get()
            if item is None:
                break
            due_at, kind, (method, path, body, headers), expected, first_code = item
            problem = None
            try:
                connection.request(method, path, body, headers)
                response = connection.getresponse()
                payload = response.read()
                if response.status != 200:
                    problem = f"{response.status} {payload[:120]!r}"
                elif not any(f'"result":"{e}"'.encode() in payload for e in expected):
                    problem = f"expected {expected}: {payload[:120]!r}"
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
            except (OSError, http.client.HTTPException) as exc:
                problem = repr(exc)
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            done = time.monotonic()
            with lock:
                latencies.append((done - due_at) * 1000)
                by_kind[kind].append((done - due_at) * 1000)
                if problem:
                    errors.append(problem)
                elif first_code is not None:
                    answered.append((done, first_code))
        connection.close()

    threads = [threading.Thread(target=sender, daemon=True) for _ in range(senders)]
    for thread in threads:
        thread.start()
    total = int(rate * seconds)
    started = time.monotonic()
    for index in range(total):
        due_at = started + index / rate
        pause = due_at - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        due.put((due_at, *choose(index)))
    for _ in threads:
        due.put(None)
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return {"latencies": latencies, "errors": errors, "sent": total, "rate": total / elapsed, "kinds": kinds,
            "by_kind": by_kind}


def main():
    import os
    import sys
    import tempfile
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from checkin import (
        GUESTS,
        WARMUP_GUESTS,
        WORKER_CLASS,
        WORKERS,
        Server,
        _mix_runs,
        _report_mix,
        _scans,
        drive,
        mix_codes,
        seed,
    )
    from common import lanes, machine_speed, print_rows

    print(f"gunicorn -c gunicorn.conf.py -w {WORKERS} -k {WORKER_CLASS}; {os.cpu_count()} CPUs", flush=True)
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-mix-db-") as folder:
        found, rows = lanes(folder, "checkin mix")
        for label, url in found:
            codes, keys, commit_setting = seed(url)
            print(f"[{label}] load average {os.getloadavg()[0]:.1f} before (a 2-million-step Python loop takes "
                  f"{machine_speed() * 1000:.0f} ms of CPU)"
                  + (f"; synchronous_commit = {commit_setting}" if commit_setting else ""), flush=True)
            with tempfile.TemporaryDirectory(prefix="bench-mix-") as run_folder, Server(url, run_folder) as server:
                warm = codes[GUESTS:GUESTS + WARMUP_GUESTS]
                warm_work = [[("GET", "/healthz", None, {})] * 20 + _scans(key, warm[n::len(keys)])
                             for n, key in enumerate(keys)]
                _elapsed, _latencies, bad = drive(server.port, warm_work)
                if bad:
                    raise RuntimeError(f"the warm-up failed: {bad[:3]}")
                result = _report_mix(label, _mix_runs(server, keys, mix_codes(codes)))
            print(f"[{label}] load average {os.getloadavg()[0]:.1f} after", flush=True)
            rows += [
                {"name": f"checkin {label} mix saturation vs /healthz",
                 "figure": f"{result['mix_ratio']:.0%} ({result['mix_errors']} errors)",
                 "target": ">= 40%", "met": result["mix_ratio"] >= 0.40 and not result["mix_errors"]},
                {"name": f"checkin {label} mix 100/s open-loop p99",
                 "figure": f"{result['open_p99']:.1f} ms (p50 {result['open_p50']:.1f}, max {result['open_max']:.1f})",
                 "target": "<= 25 ms", "met": result["open_p99"] <= 25.0 and not result["open_errors"]},
            ]
    print_rows(rows)


if __name__ == "__main__":
    main()
