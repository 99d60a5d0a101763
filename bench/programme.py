"""How long the printed programmes take: the demo event's, and a programme of at least 100 pages.

Targets (2-core machine): the demo programme under 1 s (read from the database and rendered),
a 100-page programme under 3 s. Run: .venv/bin/python bench/programme.py
"""
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from io import BytesIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

DEMO_TARGET = 1.0
LARGE_TARGET = 3.0
LARGE_PAGES = 100


def _pages(data):
    from pypdf import PdfReader

    return len(PdfReader(BytesIO(data)).pages)


def _best_of(runs, work):
    best, result = None, None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
    return best, result


def demo_figures():
    """Seconds to read the demo event and render each printout (best of 3)."""
    from eventapp import create_app
    from eventapp.demo.services import load_demo
    from eventapp.extensions import db
    from eventapp.programme.documents import build_document
    from eventapp.programme.render import render

    rows = []
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite3"})
        with app.app_context():
            db.create_all()
            event = load_demo()
            # The first printout of a process also loads and parses the fonts; later ones reuse them.
            started = time.perf_counter()
            render("guest", build_document(event))
            cold = time.perf_counter() - started
            rows.append({"name": "demo programme: guest, first in a process", "figure": f"{cold:.3f} s",
                         "target": f"< {DEMO_TARGET:.0f} s", "met": cold < DEMO_TARGET})
            for kind in ("guest", "booklet", "runsheet", "certificates"):
                seconds, data = _best_of(3, lambda k=kind: render(k, build_document(event)))
                rows.append({"name": f"demo programme: {kind} ({_pages(data)} pages)",
                             "figure": f"{seconds:.3f} s", "target": f"< {DEMO_TARGET:.0f} s",
                             "met": seconds < DEMO_TARGET})
            db.session.remove()
            db.engine.dispose()
    return rows


def large_document(categories=12, per_category=170, items=60):
    """A made-up programme long enough to fill more than 100 A4 pages."""
    from eventapp.programme.documents import Category, EventInfo, Item, ProgrammeDocument, Recipient

    start = datetime(2024, 4, 6, 1, 0, tzinfo=timezone.utc)
    awards = []
    for c in range(categories):
        recipients = [Recipient(position=i + 1, name=f"Nguyễn Thị Phương Thảo {c:02d}-{i:03d}", title="Giám đốc",
                                organization=f"Hợp tác xã Dịch vụ nông nghiệp Tổng hợp số {i}", is_collective=i % 3 == 0)
                      for i in range(per_category)]
        awards.append(Category(name=f"Giấy khen của Chủ tịch Liên minh HTX thành phố – đợt {c + 1}",
                               awarding_body="Liên minh HTX thành phố Hải Phòng", kind="certificate",
                               kind_label="Bằng khen, giấy khen", presenter="Đồng chí Nguyễn Minh Hoàng",
                               recipients=recipients))
    programme = []
    for i in range(items):
        begin = start + timedelta(minutes=5 * i)
        programme.append(Item(position=i + 1, title=f"Mục {i + 1}: Trao thưởng và phát biểu của đại biểu", start=begin,
                              end=begin + timedelta(minutes=5), kind="award_round", kind_label="Trao thưởng",
                              speaker_name="Ngô Ngọc Khánh", speaker_position="Chủ tịch Liên minh HTX thành phố",
                              location="Hội trường", duration_minutes=5,
                              categories=[awards[i]] if i < len(awards) else []))
    event = EventInfo("Ngày hội Hợp tác xã thành phố Hải Phòng năm 2024", "Liên minh Hợp tác xã thành phố Hải Phòng",
                      "Hội trường", "Hải Phòng", start, start + timedelta(hours=5), "Asia/Ho_Chi_Minh")
    return ProgrammeDocument(event, programme, awards)


def large_figures():
    from eventapp.programme.render import render

    document = large_document()
    render("guest", large_document(1, 5, 3))  # warm the fonts
    seconds, data = _best_of(2, lambda: render("guest", document))
    pages = _pages(data)
    return [{"name": f"{pages}-page guest programme", "figure": f"{seconds:.3f} s", "target": f"< {LARGE_TARGET:.0f} s",
             "met": seconds < LARGE_TARGET and pages >= LARGE_PAGES}]


def run():
    return demo_figures() + large_figures()


if __name__ == "__main__":
    import os

    print(f"load average before: {os.getloadavg()[0]:.2f} (2 cores; other work on the machine slows every figure)")
    for row in run():
        print(f"{row['name']:<45} {row['figure']:>10}  target {row['target']:<7} {'met' if row['met'] else 'NOT MET'}")
