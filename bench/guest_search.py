"""Guest search over 10,000 guests, and registration POST throughput.

    .venv/bin/python bench/guest_search.py   (SQLite, and PostgreSQL when it answers: bench/common.py)

Search: the organisers' list query (count + one page of 50 in Vietnamese name order, with the
diacritic-blind filter) called as a service, and the same through GET /api/v1/.../guests?q= with
a bearer key in the Flask test client. Registration: POST /e/<slug>/register through the Flask
test client (not a live server), CSRF token included, each a new guest, e-mail written to the
outbox folder; the limiter is off. The database is dropped afterwards.
"""
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import lanes  # noqa: E402

GUESTS = 10_000
SEARCH_TARGET_MS = 50.0
POST_TARGET_PER_S = 10.0  # the whole demo event (about 300 guests) registering within 30 seconds
POSTS = 200
QUERIES = [
    "cuong", "nguyen manh cuong", "Nguyễn Thị Hoa", "tran van", "le thi lan", "pham", "hoang anh",
    "dang duc", "bui thi thu", "do van nam", "htx thuy san", "htx nong nghiep tan duong", "quy tin dung",
    "lien hiep", "cat ba", "Đồng Bài", "dong bai", "giam doc", "pho chu tich", "ke toan", "0912",
    "0900001234", "+84900005678", "khach01234@", "example.org", "vu", "ngo thanh trung", "ly", "mac thi",
    "xyz khong co",
]


def _make_app(folder, url):
    from eventapp import create_app

    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False,
                       "MAIL_OUTBOX_DIR": str(folder / "outbox")})


def _fill(db):
    from eventapp.auth.models import ApiKey, hash_api_key
    from eventapp.demo import people
    from eventapp.events.models import Event, GuestCategory
    from eventapp.events.organisers import organiser_named
    from eventapp.registration.models import Guest
    from eventapp.text import name_sort_key, search_key

    start = datetime(2026, 4, 11, 1, 0, tzinfo=UTC)
    event = Event(owner=organiser_named("Liên minh HTX thành phố"), slug="bench", name="Ngày hội HTX (benchmark)",
                  venue="Hội trường", starts_at=start, ends_at=start + timedelta(hours=4), always_open=True)
    event.categories = [GuestCategory(code=c, name=n, position=i) for i, (c, n) in enumerate(
        [("dai-bieu", "Đại biểu / Khách mời"), ("htx", "HTX thành viên"), ("bao-chi", "Báo chí")])]
    db.session.add(event)
    db.session.flush()
    rng = random.Random(10_000)
    coops = [c["name"] for c in people.cooperatives(100)]
    positions = ["Giám đốc", "Phó Giám đốc", "Kế toán", "Phó Chủ tịch", "Chủ tịch Hội đồng quản trị", "Phóng viên"]
    rows = []
    for i in range(GUESTS):
        name, org = people.person(rng), rng.choice(coops)
        email, phone = f"khach{i:05d}@example.org", f"+849{i:08d}"
        rows.append({"event_id": event.id, "category_id": event.categories[i % 3].id, "full_name": name,
                     "email": email, "phone": phone, "organization": org, "position": rng.choice(positions),
                     "search_key": search_key(name, org, email, phone), "sort_key": name_sort_key(name),
                     "status": "registered", "source": "demo"})
    db.session.execute(db.insert(Guest), rows)
    key = ApiKey.generate()
    db.session.add(ApiKey(key_hash=hash_api_key(key), prefix=key[:8], role="door", event=event))
    db.session.commit()
    return event, key


def _percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def _search_service(db, event):
    from eventapp.registration.queries import GuestFilters, search_guests

    timings = []
    for _ in range(3):
        for query in QUERIES:
            db.session.expire_all()
            started = time.perf_counter()
            search_guests(event, GuestFilters(q=query), page=1)
            timings.append((time.perf_counter() - started) * 1000)
    return timings


def _search_api(client, event, key):
    timings = []
    headers = {"Authorization": f"Bearer {key}"}
    for query in QUERIES * 2:
        started = time.perf_counter()
        response = client.get(f"/api/v1/events/{event.slug}/guests", query_string={"q": query}, headers=headers)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    return timings


def _registrations(client, event):
    import re

    html = client.get(f"/e/{event.slug}/register").get_data(as_text=True)
    token = re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)
    category = str(event.categories[1].id)
    started = time.perf_counter()
    for i in range(POSTS):
        response = client.post(f"/e/{event.slug}/register", data={
            "csrf_token": token, "full_name": f"Nguyễn Văn Khách {i}", "email": f"moi{i}@example.org",
            "phone": f"09{i + 10_000_000:08d}", "organization": "HTX Thủy sản Cát Bà", "position": "Giám đốc",
            "category": category, "consent": "y"})
        assert response.status_code == 200, response.status_code
    return POSTS / (time.perf_counter() - started)


def measure(folder, lane, url):
    from eventapp.extensions import db

    app = _make_app(Path(folder), url)
    with app.app_context():
        db.drop_all()
        db.create_all()
        try:
            started = time.perf_counter()
            event, key = _fill(db)
            print(f"{GUESTS} guests loaded in {time.perf_counter() - started:.1f} s ({lane})", flush=True)
            service = _search_service(db, event)
            api = _search_api(app.test_client(), event, key)
            per_second = _registrations(app.test_client(), event)
        finally:
            db.session.remove()
            db.drop_all()
            db.engine.dispose()
    return [
        {"name": f"guest search p95, service ({lane})", "figure": f"{_percentile(service, 0.95):.1f} ms",
         "target": f"< {SEARCH_TARGET_MS:.0f} ms", "met": _percentile(service, 0.95) < SEARCH_TARGET_MS},
        {"name": f"guest search median, service ({lane})", "figure": f"{statistics.median(service):.1f} ms",
         "target": f"< {SEARCH_TARGET_MS:.0f} ms", "met": statistics.median(service) < SEARCH_TARGET_MS},
        {"name": f"guest search p95, API via test client ({lane})", "figure": f"{_percentile(api, 0.95):.1f} ms",
         "target": f"< {SEARCH_TARGET_MS:.0f} ms", "met": _percentile(api, 0.95) < SEARCH_TARGET_MS},
        {"name": f"registration POST, test client ({lane})", "figure": f"{per_second:.0f} req/s",
         "target": f">= {POST_TARGET_PER_S:.0f} req/s", "met": per_second >= POST_TARGET_PER_S},
    ]


def run():
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        found, results = lanes(tmp, "guest search")
        for lane, url in found:
            results += measure(tmp, lane, url)
    return results


def main():
    for row in run():
        print(f"{row['name']:<48} {row['figure']:>12}   target {row['target']:<12} "
              f"{'met' if row['met'] else 'NOT MET'}")


if __name__ == "__main__":
    main()
