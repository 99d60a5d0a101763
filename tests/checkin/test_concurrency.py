"""Several devices of one gate scanning the same badges at once, through two gunicorn workers.

Each badge must be accepted exactly once, every scan answered and logged, and no 5xx: on a SQLite
file and on PostgreSQL.
"""
import http.client
import json
import threading
import uuid
from collections import Counter
from urllib.parse import urlsplit

import pytest

from tests.checkin.live import clear, count, gunicorn, seed
from tests.conftest import PG_URL

pytestmark = pytest.mark.slow
BADGES = 500
DEVICES = 3


def database(lane, tmp_path):
    if lane == "sqlite":
        return f"sqlite:///{tmp_path / 'door.sqlite3'}"
    if not PG_URL:
        pytest.skip("PostgreSQL lane skipped: TEST_DATABASE_URL is not set")
    return PG_URL


def scan_all(base, slug, key, codes, answers, start):
    """One device: scans every code in turn over one keep-alive connection."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    start.wait()
    for code in codes:
        body = json.dumps({"code": code, "gate": "cong-chinh", "client_id": str(uuid.uuid4())})
        try:
            connection.request("POST", f"/api/v1/events/{slug}/checkins", body, headers)
            response = connection.getresponse()
            payload = response.read()
            result = json.loads(payload).get("result") if response.status == 200 else payload[:200]
            answers.append((code, response.status, result))
        except (OSError, http.client.HTTPException) as exc:
            answers.append((code, "no answer", repr(exc)))
            connection.close()
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    connection.close()


@pytest.mark.parametrize("lane", ["sqlite", "postgresql"])
def test_each_badge_is_accepted_exactly_once_when_devices_race(lane, tmp_path):
    url = database(lane, tmp_path)
    slug, codes, keys = seed(url, guests=BADGES, devices=DEVICES, fresh_schema=lane == "postgresql")
    try:
        answers = []
        start = threading.Barrier(DEVICES)
        with gunicorn(url, tmp_path, workers=2) as base:
            # Every device scans the same badges in the same order: the worst case for races.
            threads = [threading.Thread(target=scan_all, args=(base, slug, key, codes, answers, start))
                       for key in keys]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
        assert len(answers) == BADGES * DEVICES  # nothing lost
        failures = [a for a in answers if a[1] != 200]
        assert failures == []  # no 5xx, no dropped connection
        accepted = Counter(code for code, _, result in answers if result == "accepted")
        assert set(accepted.values()) == {1} and len(accepted) == BADGES
        assert Counter(result for _, _, result in answers) == {
            "accepted": BADGES, "already_checked_in": BADGES * (DEVICES - 1)}
        assert count(url, "SELECT count(*) FROM admission") == BADGES
        assert count(url, "SELECT count(*) FROM scan") == BADGES * DEVICES
        assert count(url, "SELECT count(*) FROM scan WHERE result = 'accepted'") == BADGES
    finally:
        if lane == "postgresql":
            clear(url)
