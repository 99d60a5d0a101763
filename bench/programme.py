"""How long the printed documents take: every kind for the demo event and for a stress event
(300 recipients with 80-character names and citations, one-word and ten-word titles, 48 small
booths with long names), and a programme of at least 100 pages.

Every kind: the guest programme (A4, with its turned floor-plan page), the A5 pages and the
imposed booklet, the run sheet, the certificates in office and print-shop mode and from the
default certificate layout, the calibration page, and the booth plan. Badges have their own
benchmark (bench/badges.py).

Targets (2-core machine): every kind of the demo's printouts under 1 s (read from the database
and rendered), every kind of the stress event under 2 s (300 certificates among them), a
100-page programme under 3 s. Run: .venv/bin/python bench/programme.py
"""
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
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
            for kind, work in document_kinds(lambda: build_document(event)).items():
                seconds, data = _best_of(3, work)
                rows.append({"name": f"demo: {kind} ({_pages(data)} pages)",
                             "figure": f"{seconds:.3f} s", "target": f"< {DEMO_TARGET:.0f} s",
                             "met": seconds < DEMO_TARGET})
            db.session.remove()
            db.engine.dispose()
    return rows


def document_kinds(document_of):
    """{kind: a function returning that kind's PDF bytes}; document_of() reads (or makes) the
    ProgrammeDocument, so that the figures of a database event include reading it."""
    from dataclasses import replace as with_layout

    from eventapp.layouts.document import validate
    from eventapp.programme.render import render, render_calibration, render_certificates, render_guest_programme
    from eventapp.programme.render.certificate_layout import default_certificate

    def plan():
        from eventapp.booths.plan_pdf import render_plan_pdf
        from eventapp.pdf.fonts import register_fonts

        document = document_of()
        booths = document.floor_plan.booths if document.floor_plan else []
        labels = document.floor_plan.assignments if document.floor_plan else {}
        return render_plan_pdf(f"Sơ đồ gian hàng – {document.event.name}", document.event.venue, booths, labels,
                               document.exhibitors, *register_fonts(), directory_title="Danh sách đơn vị trưng bày",
                               author=document.event.organiser)

    layout = validate(default_certificate(), "certificate")

    def calibration():
        document = document_of()
        return render_calibration(document, document.categories[0])

    return {
        "guest programme": lambda: render("guest", document_of()),
        "A5 pages": lambda: render_guest_programme(document_of(), page_format="A5"),
        "booklet": lambda: render("booklet", document_of()),
        "run sheet": lambda: render("runsheet", document_of()),
        "certificates, office": lambda: render_certificates(document_of()),
        "certificates, print shop": lambda: render_certificates(document_of(), mode="print-shop"),
        "certificates, default layout": lambda: render_certificates(
            with_layout(document_of(), certificate_layout=layout)),
        "calibration page": calibration,
        "booth plan": plan,
    }


def large_document(categories=12, per_category=170, items=60):
    """A made-up programme long enough to fill more than 100 A4 pages."""
    from eventapp.programme.documents import Category, EventInfo, Item, ProgrammeDocument, Recipient

    start = datetime(2024, 4, 6, 1, 0, tzinfo=UTC)
    awards = []
    for c in range(categories):
        recipients = [Recipient(position=i + 1, name=f"Nguyễn Thị Phương Thảo {c:02d}-{i:03d}", title="Giám đốc",
                                organization=f"Hợp tác xã Dịch vụ nông nghiệp Tổng hợp số {i}",
                                is_collective=i % 3 == 0)
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


STRESS_TARGET = 2.0  # 300 certificates; every other kind of the stress event under the same


def stress_document(count=300):
    """The stress event of issue 18: 300 recipients with 80-character names and citations, items
    with one-word and ten-word titles."""
    from types import SimpleNamespace

    from eventapp.booths.directory import DirectoryRow
    from eventapp.programme.documents import Category, CertificateSettings, FloorPlan, Item, Recipient

    base = large_document(1, 1, 1)
    start = base.event.starts_at
    name = "Hợp tác xã Dịch vụ Nông nghiệp Tổng hợp và Thương mại Thủy sản Hải Phòng số {:03d} – CN"
    citation = ("Đã có thành tích xuất sắc trong phong trào thi đua phát triển kinh tế tập thể năm 2023, "
                "góp phần xây dựng quê hương")
    recipients = [Recipient(position=i + 1, name=name.format(i), title="Giám đốc",
                            organization="Liên minh Hợp tác xã thành phố Hải Phòng") for i in range(count)]
    assert min(len(r.name) for r in recipients) >= 80
    zones = ("Nông nghiệp", "Thủy sản")
    booths = [SimpleNamespace(id=i, code=f"{'ABCD'[i // 12]}{i % 12 + 1:02d}", zone=zones[i // 24],
                              x=2.0 * (i % 12), y=5.0 * (i // 12), width=2.0, height=2.0, plan_status="assigned")
              for i in range(48)]
    labels = {b.id: name.format(b.id) for b in booths}
    exhibitors = [DirectoryRow([b.code], labels[b.id], "Nông nghiệp", "Gạo") for b in booths]
    category = Category(name="Bằng khen của Chủ tịch Ủy ban nhân dân thành phố Hải Phòng",
                        awarding_body="Ủy ban nhân dân thành phố Hải Phòng", kind="certificate",
                        kind_label="Bằng khen, giấy khen", presenter="Đồng chí Nguyễn Văn Tùng",
                        certificate_text=citation, recipients=recipients,
                        certificate=CertificateSettings(True, "125/QĐ-UBND", None, "Hải Phòng", None,
                                                        "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH", "Nguyễn Văn Tùng"))
    titles = ["Nghỉ", "Trao Bằng khen cho tập thể, cá nhân tiêu biểu"]  # one word, ten words
    items = [Item(position=i + 1, title=titles[i % 2], start=start + timedelta(minutes=10 * i),
                  end=start + timedelta(minutes=10 * i + 10), kind="award_round", kind_label="Trao thưởng",
                  duration_minutes=10, categories=[category] if i == 1 else []) for i in range(8)]
    return replace(base, items=items, categories=[category], exhibitors=exhibitors,
                   floor_plan=FloorPlan(booths, labels))


def stress_figures():
    document = stress_document()
    rows = []
    for kind, work in document_kinds(lambda: document).items():
        seconds, data = _best_of(2, work)
        rows.append({"name": f"stress event: {kind} ({_pages(data)} pages)", "figure": f"{seconds:.3f} s",
                     "target": f"< {STRESS_TARGET:.0f} s", "met": seconds < STRESS_TARGET})
    return rows


def run():
    return demo_figures() + stress_figures() + large_figures()


if __name__ == "__main__":
    import os

    print(f"load average before: {os.getloadavg()[0]:.2f} (2 cores; other work on the machine slows every figure)")
    for row in run():
        print(f"{row['name']:<45} {row['figure']:>10}  target {row['target']:<7} {'met' if row['met'] else 'NOT MET'}")
