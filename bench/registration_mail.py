"""Registration while the mail server stalls: the request must not wait for the mail.

    .venv/bin/python bench/registration_mail.py   (SQLite, and PostgreSQL when it answers: bench/common.py)

An SMTP server (aiosmtpd in a thread) that stalls 20 s on every message before answering DATA; the
app with MAIL_SERVER pointing at it and a real queue (a SqliteHuey file, not the tests' immediate
mode) with a worker of 2 threads started beside it, as `flask worker` would run. 50 public
registrations through the Flask test client (CSRF token included, a new guest each, limiter off):
p50/p95 of the POST, then what became of the 50 confirmations meanwhile (queued or being sent by
the stalled worker; none sent, none lost). The database is dropped afterwards.
"""
import asyncio
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import app_with_real_queue, free_port, lanes, print_rows  # noqa: E402

POSTS = 50
STALL_S = 20
TARGET_MS = 100.0
WORKERS = 2


class _Stall:
    """Accepts every message, 20 s after DATA: a mail server that hangs."""

    def __init__(self):
        self.received = 0

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(STALL_S)
        self.received += 1
        return "250 OK"


def _percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def _event(db):
    from eventapp.events.models import Event, GuestCategory
    from eventapp.events.organisers import organiser_named

    start = datetime(2026, 4, 11, 1, 0, tzinfo=UTC)
    event = Event(owner=organiser_named("Liên minh Hợp tác xã thành phố"), organiser="Liên minh Hợp tác xã thành phố",
                  slug="bench-mail", name="Ngày hội Hợp tác xã thành phố năm 2026 (benchmark)", venue="Hội trường",
                  starts_at=start, ends_at=start + timedelta(hours=4), always_open=True)
    event.categories = [GuestCategory(code="htx", name="HTX thành viên", position=0)]
    db.session.add(event)
    db.session.commit()
    return event


def _registrations(client, event):
    import re

    html = client.get(f"/e/{event.slug}/register").get_data(as_text=True)
    token = re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)
    category = str(event.categories[0].id)
    timings = []
    for i in range(POSTS):
        started = time.perf_counter()
        response = client.post(f"/e/{event.slug}/register", data={
            "csrf_token": token, "full_name": f"Nguyễn Văn Khách {i}", "email": f"khach{i}@example.org",
            "phone": f"09{i + 10_000_000:08d}", "organization": "HTX Thủy sản Cát Bà", "position": "Giám đốc",
            "category": category, "consent": "y"})
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    return timings


def measure(folder, lane, url):
    from aiosmtpd.controller import Controller

    from eventapp.extensions import db
    from eventapp.messages.models import Message
    from eventapp.messages.queue import task_queue

    handler, port = _Stall(), free_port()
    smtp = Controller(handler, hostname="127.0.0.1", port=port)
    smtp.start()
    queue_folder = Path(folder) / f"queue-{lane}"  # a queue file per lane: no task left from another
    queue_folder.mkdir(exist_ok=True)
    app = app_with_real_queue(queue_folder, url, port)
    huey = task_queue(app).huey
    consumer = None
    with app.app_context():
        db.drop_all()
        db.create_all()
        try:
            event = _event(db)
            consumer = huey.create_consumer(workers=WORKERS, worker_type="thread", periodic=False)
            consumer.start()  # not run(): that one wants the main thread's signals
            timings = _registrations(app.test_client(), event)
            db.session.expire_all()
            statuses = dict(db.session.execute(
                db.select(Message.status, db.func.count()).group_by(Message.status)).all())
            db.session.commit()
            received = handler.received
        finally:
            smtp.stop()  # the stalled deliveries fail at once (retried later): the worker stops quickly
            if consumer is not None:
                consumer.stop(graceful=True)
            db.session.remove()
            db.drop_all()
            db.engine.dispose()
    p50, p95 = statistics.median(timings), _percentile(timings, 0.95)
    waiting = statuses.get("queued", 0) + statuses.get("sending", 0)
    print(f"{lane}: registration p50 {p50:.1f} ms, p95 {p95:.1f} ms (target < {TARGET_MS:.0f} ms); "
          f"confirmations meanwhile: {statuses} (sending = held by the stalled worker), "
          f"received by the server: {received}", flush=True)
    return [
        {"name": f"registration POST p50, mail server stalled ({lane})", "figure": f"{p50:.1f} ms",
         "target": f"< {TARGET_MS:.0f} ms", "met": p50 < TARGET_MS},
        {"name": f"registration POST p95, mail server stalled ({lane})", "figure": f"{p95:.1f} ms",
         "target": f"< {TARGET_MS:.0f} ms", "met": p95 < TARGET_MS},
        {"name": f"confirmations queued, not sent, during the stall ({lane})",
         "figure": f"{waiting}/{POSTS} queued or sending, {statuses.get('sent', 0)} sent",
         "target": f"{POSTS}/{POSTS} waiting, 0 sent",
         "met": waiting == POSTS and not statuses.get("sent") and received == 0},
    ]


def run():
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        found, results = lanes(tmp, "registration with a stalled mail server")
        for lane, url in found:
            results += measure(tmp, lane, url)
    return results


if __name__ == "__main__":
    print_rows(run())
