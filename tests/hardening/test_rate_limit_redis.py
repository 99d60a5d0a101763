"""With RATELIMIT_STORAGE_URI on Redis, the login limit holds across several gunicorn workers."""
import http.cookiejar
import os
import re
import urllib.error
import urllib.parse
import urllib.request

import pytest

from eventapp import create_app
from eventapp.extensions import db
from tests.hardening.live import gunicorn

REDIS_URL = os.environ.get("TEST_REDIS_URL", "")
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not REDIS_URL, reason="Redis lane skipped: TEST_REDIS_URL is not set")]


def _attempts(base, count):
    """Posts wrong passwords from fresh connections (so both workers answer); returns status codes."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/login").read().decode()
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    codes = []
    for _ in range(count):
        data = urllib.parse.urlencode({"csrf_token": token, "email": "a@example.org", "password": "sai"}).encode()
        try:
            codes.append(opener.open(base + "/login", data=data).status)
        except urllib.error.HTTPError as exc:
            codes.append(exc.code)
    return codes


def test_login_limit_is_shared_by_all_workers(tmp_path):
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    url = f"sqlite:///{tmp_path / 'live.sqlite3'}"
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    env = {"RATELIMIT_STORAGE_URI": REDIS_URL, "LOGIN_RATE_LIMIT": "6 per minute", "SECRET_KEY": "k" * 40}
    with gunicorn(url, workers=3, env=env, instance_path=tmp_path) as (base, _):
        codes = _attempts(base, 15)
    assert codes.count(200) == 6, codes
    assert codes[6:] == [429] * 9
    assert any(b"auth.login" in k for k in redis.Redis.from_url(REDIS_URL).keys())  # counted in Redis
