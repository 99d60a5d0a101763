"""The demo event's printed programmes, from the database, on both lanes."""
from eventapp.booths.models import Booth, BoothApplication, BoothAssignment
from eventapp.demo.programme import PROGRAMME
from eventapp.programme.documents import build_document
from eventapp.programme.models import AwardRecipient
from eventapp.programme.render import render
from eventapp.programme.render.guest import render_guest_programme

from .conftest import flat, needs_poppler, page_count, pdf_text

pytestmark = needs_poppler


def test_the_demo_programme_prints_every_item_and_recipient_as_typed(db, demo_event, tmp_path):
    recipients = db.session.execute(db.select(AwardRecipient.name)).scalars().all()
    assert len(recipients) == 52
    document = build_document(demo_event)
    for kind in ("guest", "booklet"):
        text = flat(pdf_text(render(kind, document), tmp_path))
        for item in PROGRAMME:
            assert item["title"] in text, (kind, item["title"])
        for name in recipients:
            assert name in text, (kind, name)
    sheet = flat(pdf_text(render("runsheet", document), tmp_path))
    assert all(name in sheet for name in recipients)
    assert "Tổng số người, đơn vị nhận: 20" in sheet  # VCA round: 5 certificates and 15 medals
    certificates = render("certificates", document)
    assert page_count(certificates, tmp_path) == 52
    printed = flat(pdf_text(certificates, tmp_path))
    assert all(name in printed for name in recipients)


def test_the_demo_booklet_is_a5_pages_two_per_landscape_sheet(db, demo_event, tmp_path):
    document = build_document(demo_event)
    a5_pages = page_count(render_guest_programme(document, page_format="A5"), tmp_path)
    booklet = render("booklet", document)
    assert page_count(booklet, tmp_path) == -(-a5_pages // 4) * 2


def test_the_allocated_demo_plan_is_in_the_guest_programme(db, demo_event, tmp_path):
    assigned = db.session.execute(
        db.select(BoothAssignment).filter_by(event_id=demo_event.id)).scalars().all()
    assert assigned  # the demo loader allocates the booths
    text = flat(pdf_text(render("guest", build_document(demo_event)), tmp_path))
    assert "Sơ đồ gian hàng" in text and "Danh mục đơn vị trưng bày" in text
    for assignment in assigned[:10]:
        assert assignment.application.cooperative.name in text


def test_exhibitors_and_the_floor_plan_appear_once_booths_are_assigned(db, demo_event, tmp_path):
    db.session.execute(db.delete(BoothAssignment).where(BoothAssignment.event_id == demo_event.id))
    db.session.commit()
    before = flat(pdf_text(render("guest", build_document(demo_event)), tmp_path))
    assert "Đơn vị trưng bày" not in before
    application = db.session.execute(db.select(BoothApplication).filter_by(event_id=demo_event.id)).scalars().first()
    booth = db.session.execute(db.select(Booth).filter_by(event_id=demo_event.id, code="B03")).scalar_one()
    db.session.add(BoothAssignment(event_id=demo_event.id, booth_id=booth.id, application_id=application.id))
    db.session.commit()
    after = flat(pdf_text(render("guest", build_document(demo_event)), tmp_path))
    assert "Sơ đồ gian hàng" in after and "Danh mục đơn vị trưng bày" in after
    assert f"B03 {application.cooperative.name}" in after
    assert "A01" in after and "E12" in after  # the plan draws every booth, assigned or not
