"""Door devices scanning while a gunicorn worker is killed with SIGKILL, twice.

No acknowledged check-in may be lost, a retried scan (same client_id) is recorded once, and the
database is consistent afterwards (SQLite integrity and foreign-key checks; one admission per badge).
"""
import http.client
import json
import os
import signal
import subprocess
import threading
import time
import uuid
from urllib.parse import urlsplit

import pytest

from tests.checkin.live import clear, count, seed
from tests.conftest import PG_URL
from tests.hardening.live import gunicorn

pytestmark = pytest.mark.slow
BADGES, DEVICES = 400, 4


def _device(base, slug, key, codes, acknowledged, answered):
    parts = urlsplit(base)
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=20)
    for code in codes:
        body = json.dumps({"code": code, "gate": "cong-chinh", "client_id": str(uuid.uuid4())})
        for _ in range(20):  # a device retries the same scan (same client_id) until it is answered
            try:
                connection.request("POST", f"/api/v1/events/{slug}/checkins", body, headers)
                response = connection.getresponse()
                payload = json.loads(response.read())
                if response.status == 200:
                    answered.append(code)
                    if payload["result"] == "accepted":
                        acknowledged.append(code)
                    break
            except (OSError, http.client.HTTPException, ValueError):
                connection.close()
                connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=20)
                time.sleep(0.05)
    connection.close()


def _workers(master_pid):
    out = subprocess.run(["pgrep", "-P", str(master_pid)], capture_output=True, text=True).stdout
    return [int(pid) for pid in out.split()]


@pytest.mark.parametrize("lane", ["sqlite", "postgresql"])
def test_killing_a_worker_loses_no_acknowledged_check_in(lane, tmp_path):
    if lane == "postgresql" and not PG_URL:
        pytest.skip("PostgreSQL lane skipped: TEST_DATABASE_URL is not set")
    url = f"sqlite:///{tmp_path / 'door.sqlite3'}" if lane == "sqlite" else PG_URL
    slug, codes, keys = seed(url, guests=BADGES, devices=DEVICES, fresh_schema=lane == "postgresql")
    acknowledged, answered, killed = [], [], []
    try:
        with gunicorn(url, workers=2, env={"SECRET_KEY": "k" * 40, "RATELIMIT_ENABLED": "0"},
                      instance_path=tmp_path) as (base, master):
            slices = [codes[i::DEVICES] for i in range(DEVICES)]
            threads = [threading.Thread(target=_device, args=(base, slug, key, part, acknowledged, answered))
                       for key, part in zip(keys, slices)]
            for thread in threads:
                thread.start()
            for share in (0.25, 0.6):  # kill while the devices are scanning, whatever the machine's speed
                while len(answered) < BADGES * share and any(t.is_alive() for t in threads):
                    time.sleep(0.01)
                victims = _workers(master.pid)
                if victims:
                    os.kill(victims[0], signal.SIGKILL)
                    killed.append(victims[0])
            for thread in threads:
                thread.join(timeout=180)
        assert len(killed) == 2
        assert sorted(answered) == sorted(codes)  # every scan was answered in the end
        admitted = count(url, "SELECT count(*) FROM admission")
        distinct = count(url, "SELECT count(DISTINCT guest_id) FROM admission")
        assert admitted == distinct == BADGES  # every badge admitted once, none twice
        assert len(set(acknowledged)) == len(acknowledged)  # no badge acknowledged twice
        lost = [c for c in acknowledged
                if count(url, f"SELECT count(*) FROM admission a JOIN guest g ON g.id = a.guest_id "
                              f"WHERE g.badge_token = '{c}'") != 1]
        assert lost == []
        if lane == "sqlite":
            assert count(url, "PRAGMA integrity_check") == "ok"
            assert count(url, "SELECT count(*) FROM pragma_foreign_key_check") == 0
    finally:
        if lane == "postgresql":
            clear(url)
