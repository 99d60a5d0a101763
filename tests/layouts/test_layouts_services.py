"""Storing an event's layouts, and the badges printed from them (without HTTP)."""
import json
import re

import pytest

from eventapp.badges import services as badges
from eventapp.layouts import services
from eventapp.layouts.document import LayoutError, default_layout
from eventapp.layouts.models import EventLayout
from eventapp.layouts.queries import design_for, layout_of
from tests.badges.pdfcheck import decode_qr_codes, needs_poppler, page_count, pdf_text
from tests.layouts.designs import ADDED_TEXT, designed_layout


@pytest.fixture
def event(make_event):
    return make_event(slug="hai-phong", categories=("lanh-dao", "htx"))


def test_an_event_prints_the_default_until_it_saves_a_design(event, db):
    layout, is_default = layout_of(event, "badge-a6")
    assert is_default and layout == default_layout("badge-a6")
    row = services.save_layout(event, "badge-a6", designed_layout("badge-a6"))
    assert row.updated_by == "cli"
    layout, is_default = layout_of(event, "badge-a6")
    assert not is_default and layout == designed_layout("badge-a6")
    services.save_layout(event, "badge-a6", default_layout("badge-a6"))  # saved again: still one row
    assert db.session.query(EventLayout).count() == 1
    assert services.reset_layout(event, "badge-a6") is True
    assert design_for(event, "badge-a6") is None
    assert services.reset_layout(event, "badge-a6") is False


def test_one_layout_per_event_and_kind_in_the_database(event, db):
    from sqlalchemy.exc import IntegrityError

    db.session.add(EventLayout(event_id=event.id, kind="badge-a6", document=default_layout("badge-a6")))
    db.session.add(EventLayout(event_id=event.id, kind="badge-a6", document=default_layout("badge-a6")))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_export_then_import_round_trips_unchanged(event, make_event):
    services.save_layout(event, "badge-card", designed_layout("badge-card"))
    text = services.export_layout(event, "badge-card")
    other = make_event(slug="quang-ninh")
    services.import_layout(other, "badge-card", text.encode())
    assert services.export_layout(other, "badge-card") == text
    assert design_for(other, "badge-card") == design_for(event, "badge-card")


def test_a_refused_import_changes_nothing(event):
    services.save_layout(event, "badge-a6", designed_layout("badge-a6"))
    before = services.export_layout(event, "badge-a6")
    doc = json.loads(before)
    qr = next(e for e in doc["elements"] if e["type"] == "qr")
    qr["w_mm"] = qr["h_mm"] = 18
    with pytest.raises(LayoutError) as caught:
        services.import_layout(event, "badge-a6", json.dumps(doc))
    assert "mã QR phải rộng ít nhất 20 mm" in caught.value.message
    with pytest.raises(LayoutError):
        services.import_layout(event, "badge-a6", b"\xff\xfe not utf-8")
    assert services.export_layout(event, "badge-a6") == before


@needs_poppler
@pytest.mark.parametrize("sheet, kind", [("a6", "badge-a6"), ("a4-4up", "badge-a4-4up"), ("a4-8cards", "badge-card"),
                                         ("label", "badge-label")])
def test_an_added_text_prints_on_every_badge_of_the_event(event, make_guest, sheet, kind, tmp_path):
    guests = [make_guest(event, full_name=f"Khách số {i}", category=event.categories[i % 2]) for i in range(9)]
    services.save_layout(event, kind, designed_layout(kind))
    pdf = badges.render_guests(event, guests, sheet)
    text = re.sub(r"\s+", " ", pdf_text(pdf, tmp_path))
    assert text.count(ADDED_TEXT) == len(guests)
    for guest in guests:
        assert guest.full_name in text
    assert sorted(t for t, _l in decode_qr_codes(pdf, tmp_path)) == \
        sorted(g.badge_token for g in guests[:{"a6": 1, "label": 1, "a4-4up": 4, "a4-8cards": 8}[sheet]])
    services.reset_layout(event, kind)
    assert ADDED_TEXT not in pdf_text(badges.render_guests(event, guests, sheet), tmp_path)


@needs_poppler
def test_preview_draws_a_card_per_sample_guest_with_the_unsaved_layout(event, make_guest, tmp_path):
    long_name = "Tôn Nữ Ngọc Bảo Châu Huyền Trang Nguyễn Thị Phương Thảo"
    make_guest(event, full_name="Lê Văn Tám", category=event.categories[0])
    make_guest(event, full_name=long_name, category=event.categories[0])
    make_guest(event, full_name="Đặng Thu", category=event.categories[1], needs_attention=True)
    samples = services.samples(event)
    assert samples[0]["values"]["full_name"] == long_name  # the longest name first
    assert {s["values"]["category"] for s in samples} == {c.name for c in event.categories}
    pdf = services.preview_pdf(event, "badge-a6", designed_layout("badge-a6"))
    assert page_count(pdf) == len(samples)
    assert ADDED_TEXT in pdf_text(pdf, tmp_path)
    assert design_for(event, "badge-a6") is None  # a preview saves nothing


def test_preview_of_an_empty_event_uses_a_sample_guest(event, tmp_path):
    assert page_count(services.preview_pdf(event, "badge-label", default_layout("badge-label"))) == 1
    assert page_count(services.preview_pdf(event, "certificate", default_layout("certificate"))) == 1
    assert services.samples(event)[0]["guest_id"] is None
