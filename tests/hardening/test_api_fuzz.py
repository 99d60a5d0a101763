"""schemathesis against /api/v1/openapi.json on a live server: no 5xx, no response the schema denies."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from eventapp import create_app
from eventapp.extensions import db
from tests.hardening.live import gunicorn

pytestmark = pytest.mark.slow
FUZZ_SECONDS = int(os.environ.get("API_FUZZ_SECONDS", "30"))


def test_schemathesis_finds_no_server_error_and_no_schema_violation(tmp_path):
    url = f"sqlite:///{tmp_path / 'fuzz.sqlite3'}"
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        from eventapp.auth.models import ApiKey, hash_api_key
        from eventapp.demo.services import load_demo

        db.create_all()
        event = load_demo()
        key = ApiKey.generate()
        db.session.add(ApiKey(key_hash=hash_api_key(key), prefix=key[:8], role="admin", event=event,
                              label="schemathesis"))
        db.session.commit()
        db.engine.dispose()
    with gunicorn(url, workers=2, env={"SECRET_KEY": "f" * 40, "RATELIMIT_ENABLED": "0"},
                  instance_path=tmp_path) as (base, _):
        result = subprocess.run(
            [str(Path(sys.executable).parent / "schemathesis"), "run", f"{base}/api/v1/openapi.json",
             "--header", f"Authorization: Bearer {key}",
             "--checks", "not_a_server_error,response_schema_conformance,content_type_conformance",
             "--max-examples", "25", "--max-time", str(FUZZ_SECONDS), "--seed", "2024",
             "--request-timeout", "10", "--no-color"],
            capture_output=True, text=True, timeout=FUZZ_SECONDS + 120,
        )
    report = result.stdout[-6000:] + result.stderr[-2000:]
    assert result.returncode == 0, report
    assert "operations" in report.lower() or "passed" in report.lower(), report
