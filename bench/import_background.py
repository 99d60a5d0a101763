"""A 5,000-guest import with invitations: the confirmation returns at once, the work follows in
the background with its progress.

    .venv/bin/python bench/import_background.py   (SQLite, and PostgreSQL when it answers: bench/common.py)

An event and a preview of 5,000 rows (each with an e-mail) are prepared; an organiser, signed in on
the Flask test client, confirms the preview with invitations. Measured: the time of that POST
(target < 1 s: the 5,000 guests are not written in it), then, with a real queue (a SqliteHuey file)
and a worker of WORKERS threads started beside it as `flask worker` runs it, how the job's page
(its .json address, polled every 0.25 s) moves, the time until the job ended (guests written,
5,000 invitations queued), and the time until an SMTP server on the loopback (aiosmtpd) received
every invitation. The database is dropped afterwards.
"""
import re
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import app_with_real_queue, free_port, lanes, print_rows  # noqa: E402

ROWS = 5000
WORKERS = 4
TARGET_POST_MS = 1000.0
DELIVERY_LIMIT_S = 600


class _Accept:
    def __init__(self):
        self.received = 0

    async def handle_DATA(self, server, session, envelope):
        self.received += 1
        return "250 OK"


def _prepare(db):
    from eventapp.auth.models import User
    from eventapp.events.models import Event, GuestCategory
    from eventapp.events.organisers import organiser_named
    from eventapp.registration import importing

    start = datetime(2026, 4, 11, 1, 0, tzinfo=UTC)
    owner = organiser_named("Liên minh Hợp tác xã thành phố")
    event = Event(owner=owner, organiser="Liên minh Hợp tác xã thành phố", slug="bench-import",
                  name="Ngày hội Hợp tác xã thành phố năm 2026 (benchmark)", venue="Hội trường",
                  starts_at=start, ends_at=start + timedelta(hours=4), always_open=True)
    event.categories = [GuestCategory(code="htx", name="HTX thành viên", position=0)]
    user = User(email="bantochuc@example.org", role="admin", password_hash="!", organiser_id=owner.id)
    db.session.add_all([event, user])
    db.session.commit()
    lines = ["Họ và tên,Email,Đơn vị"] + [f"Nguyễn Văn Khách {i},khach{i}@example.org,HTX Thủy sản Cát Bà {i}"
                                          for i in range(ROWS)]
    preview = importing.build_preview(event, "5000-khach.csv", "\n".join(lines).encode(), event.categories[0])
    return event, user, preview.id


def measure(folder, lane, url):
    from aiosmtpd.controller import Controller

    from eventapp.extensions import db
    from eventapp.messages.models import Message
    from eventapp.messages.queue import task_queue

    handler, port = _Accept(), free_port()
    smtp = Controller(handler, hostname="127.0.0.1", port=port)
    smtp.start()
    queue_folder = Path(folder) / f"queue-{lane}"
    queue_folder.mkdir(exist_ok=True)
    app = app_with_real_queue(queue_folder, url, port)
    huey = task_queue(app).huey
    consumer = None
    with app.app_context():
        db.drop_all()
        db.create_all()
        event, user, preview_id = _prepare(db)
        slug, user_id = event.slug, user.get_id()
        db.session.remove()  # each request below has a session of its own: no transaction held between them
    try:
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"], session["_fresh"] = user_id, True
        path = f"/admin/e/{slug}/guests/import/{preview_id}"
        token = re.search(r'name="csrf-token" content="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)
        started = time.perf_counter()
        response = client.post(path, data={"csrf_token": token, "send_email": "y"})
        post_ms = (time.perf_counter() - started) * 1000
        assert response.status_code == 303, response.status_code
        state_url = response.location + ".json"

        consumer = huey.create_consumer(workers=WORKERS, worker_type="thread", periodic=False)
        consumer.start()  # not run(): that one wants the main thread's signals
        started = time.perf_counter()
        seen = []
        while True:
            state = client.get(state_url).get_json()
            seen.append((state["status"], state["percent"]))
            if state["status"] in ("done", "failed"):
                break
            time.sleep(0.25)
        job_s = time.perf_counter() - started
        assert state["status"] == "done", state
        while handler.received < ROWS and time.perf_counter() - started < DELIVERY_LIMIT_S:
            time.sleep(0.5)
        delivered_s = time.perf_counter() - started
        with app.app_context():
            statuses = dict(db.session.execute(
                db.select(Message.status, db.func.count()).group_by(Message.status)).all())
            db.session.remove()
    finally:
        smtp.stop()
        if consumer is not None:
            consumer.stop(graceful=True)
        with app.app_context():
            db.drop_all()
            db.engine.dispose()
    steps = sorted({p for s, p in seen if s == "running" and p is not None})
    print(f"{lane}: confirmation POST {post_ms:.0f} ms (target < {TARGET_POST_MS:.0f} ms); job ended after "
          f"{job_s:.1f} s, progress seen at {len(seen)} polls, percents {steps[:3]}…{steps[-3:]}; "
          f"{handler.received}/{ROWS} invitations received by the SMTP server after {delivered_s:.1f} s; "
          f"messages {statuses}", flush=True)
    return [
        {"name": f"5,000-row import: confirmation answers ({lane})", "figure": f"{post_ms:.0f} ms",
         "target": f"< {TARGET_POST_MS:.0f} ms", "met": post_ms < TARGET_POST_MS},
        {"name": f"5,000-row import: progress shown while it runs ({lane})",
         "figure": f"{len(steps)} distinct percents", "target": "> 2", "met": len(steps) > 2},
        {"name": f"5,000-row import: guests written, invitations queued ({lane})", "figure": f"{job_s:.1f} s",
         "target": "in the background", "met": True},
        {"name": f"5,000-row import: invitations delivered once ({lane})",
         "figure": f"{handler.received}/{ROWS} in {delivered_s:.0f} s", "target": f"{ROWS}/{ROWS}",
         "met": handler.received == ROWS},
    ]


def run():
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        found, results = lanes(tmp, "5,000-row import in the background")
        for lane, url in found:
            results += measure(tmp, lane, url)
    return results


if __name__ == "__main__":
    print_rows(run())
