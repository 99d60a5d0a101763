"""Erasing guests erases their messages; the queue's configuration; the worker command."""
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest

from eventapp.messages.models import Message
from eventapp.messages.services import queue_message

ROOT = Path(__file__).resolve().parents[2]


def _addresses(db):
    db.session.expire_all()
    return sorted(m.to_address for m in db.session.execute(db.select(Message)).scalars())


def test_a_guest_who_erases_their_data_leaves_no_message(db, make_event, make_guest):
    from eventapp.privacy.services import delete_guest_data

    event, other_event = make_event(), make_event()
    guest = make_guest(event, email="ha@example.org")
    neighbour = make_guest(event, email="nam@example.org")
    queue_message(guest.email, "Xác nhận", "Kính gửi Hà", kind="guest.confirmation", guest=guest)
    queue_message("ha@example.org", "Trả lời", "Kính gửi", kind="guest.resend", event=event)  # by address
    queue_message(neighbour.email, "Xác nhận", "Kính gửi Nam", kind="guest.confirmation", guest=neighbour)
    # The same person in another event keeps that event's messages.
    queue_message("ha@example.org", "Xác nhận", "Kính gửi", kind="guest.confirmation", event=other_event)
    db.session.commit()
    delete_guest_data(guest)
    assert _addresses(db) == ["ha@example.org", "nam@example.org"]
    assert db.session.execute(db.select(Message.event_id).where(Message.to_address == "ha@example.org")
                              ).scalar_one() == other_event.id


def test_anonymising_an_event_deletes_its_guests_messages(db, make_event, make_guest):
    from eventapp.db import utcnow
    from eventapp.privacy.services import anonymise_event

    start = utcnow() - timedelta(days=3)
    event = make_event(starts_at=start, ends_at=start + timedelta(hours=4))
    for n in range(3):
        guest = make_guest(event, email=f"k{n}@example.org")
        queue_message(guest.email, "Xác nhận", "Kính gửi", kind="guest.confirmation", guest=guest)
    queue_message("bantochuc@example.org", "Lời mời", "Kính gửi", kind="staff.invitation", organiser=event.organiser_id)
    db.session.commit()
    assert anonymise_event(event, event.slug) == 3
    assert _addresses(db) == ["bantochuc@example.org"]


def test_the_queue_follows_task_queue_url(tmp_path):
    from huey import MemoryHuey, RedisHuey, SqliteHuey

    from eventapp.messages.queue import build_huey

    local = build_huey({"TASK_QUEUE_URL": ""}, str(tmp_path))
    assert isinstance(local, SqliteHuey) and not local.immediate
    assert Path(local.storage.filename).parent == tmp_path
    assert isinstance(build_huey({"TASK_QUEUE_URL": "redis://127.0.0.1:6379/3"}, str(tmp_path)), RedisHuey)
    testing = build_huey({"TESTING": True, "TASK_QUEUE_URL": ""}, str(tmp_path))
    assert isinstance(testing, MemoryHuey) and testing.immediate
    with pytest.raises(RuntimeError, match="amqp"):
        build_huey({"TASK_QUEUE_URL": "amqp://localhost"}, str(tmp_path))


def test_the_worker_command_has_help(runner):
    result = runner.invoke(args=["worker", "--help"])
    assert result.exit_code == 0 and "--workers" in result.output


def test_the_worker_refuses_bad_worker_counts(runner):
    result = runner.invoke(args=["worker", "--workers", "0"])
    assert result.exit_code != 0 and "0" in result.output


@pytest.mark.slow
def test_the_worker_delivers_a_queued_message_and_stops_on_ctrl_c(tmp_path):
    """A real consumer process on a SQLite database and queue: picks up a message queued by
    another process (the web server), marks it sent, and stops cleanly on SIGINT."""
    env = {**os.environ, "INSTANCE_PATH": str(tmp_path), "APP_ENV": "development", "SECRET_KEY": "x" * 40,
           "DATABASE_URL": f"sqlite:///{tmp_path / 'app.sqlite3'}", "TASK_QUEUE_URL": "", "MAIL_SERVER": ""}
    flask = [sys.executable, "-m", "flask", "--app", "eventapp"]
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True, timeout=120)
    queued = ("from eventapp import create_app\nfrom eventapp.extensions import db\n"
              "from eventapp.messages.services import queue_message\n"
              "app = create_app()\nwith app.app_context():\n"
              "    queue_message('an@example.org', 'Xác nhận', 'Kính gửi', kind='guest.confirmation')\n"
              "    db.session.commit()\n")
    subprocess.run([sys.executable, "-c", queued], cwd=ROOT, env=env, check=True, timeout=60)
    worker = subprocess.Popen([*flask, "worker", "--workers", "2"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    try:
        status = None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and status != "sent":
            time.sleep(0.3)
            status = subprocess.run(
                [sys.executable, "-c", "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("
                 "'SELECT status FROM message').fetchone()[0])", str(tmp_path / "app.sqlite3")],
                capture_output=True, text=True, timeout=30).stdout.strip()
        assert status == "sent"
        worker.send_signal(signal.SIGINT)
        output, _ = worker.communicate(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == 0, output
    assert "2 luồng" in output
