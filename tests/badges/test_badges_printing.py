"""What organisers and door staff print, and what the app remembers of it."""
from datetime import timedelta

import pytest

from eventapp.audit import AuditEntry
from eventapp.badges import branding, services
from eventapp.badges.services import PrintFilter
from eventapp.db import utcnow
from eventapp.errors import DomainError
from tests.badges.pdfcheck import NAME, decode_qr_codes, needs_poppler, page_count, pdf_text


def names(guests):
    return [g.full_name for g in guests]


@pytest.fixture
def event(make_event):
    return make_event(categories=("lanh-dao", "htx"))


def test_only_registered_guests_get_badges_sorted_by_category_then_given_name(db, event, make_guest):
    leaders, coops = event.categories
    make_guest(event, "Trần Văn Bình", category=coops)
    make_guest(event, "Lê Thị An", category=coops)
    make_guest(event, "Phạm Văn Chờ", category=coops, status="waiting")
    make_guest(event, "Đỗ Huỷ", category=coops, status="cancelled")
    make_guest(event, "Ngô Ngọc Khánh", category=leaders)
    assert names(services.select_guests(event)) == ["Ngô Ngọc Khánh", "Lê Thị An", "Trần Văn Bình"]
    assert names(services.select_guests(event, PrintFilter(category="htx"))) == ["Lê Thị An", "Trần Văn Bình"]
    with pytest.raises(DomainError) as caught:
        services.select_guests(event, PrintFilter(category="khong-co"))
    assert caught.value.field == "category"


def test_a_batch_is_remembered_and_filters_find_what_is_left(db, event, make_guest):
    first = make_guest(event, "Lê Thị An")
    batch = services.print_batch(event, PrintFilter(), "a4-4up")
    assert (batch.kind, batch.guest_count, batch.layout) == ("batch", 1, "a4-4up")
    assert first.badge_printed_at == batch.created_at
    assert [p.badge_token for p in batch.prints] == [first.badge_token]
    assert services.select_guests(event, PrintFilter(not_printed=True)) == []

    later = make_guest(event, "Trần Văn Bình")
    approved_late = make_guest(event, "Phạm Thị Duyệt", status="registered",
                               created_at=utcnow() - timedelta(days=3), approved_at=utcnow())
    early = make_guest(event, "Hoàng Văn Sớm", created_at=utcnow() - timedelta(days=3))
    early.badge_printed_at = None
    db.session.commit()
    assert names(services.select_guests(event, PrintFilter(since_last_print=True))) == [
        "Trần Văn Bình", "Phạm Thị Duyệt"]
    assert set(names(services.select_guests(event, PrintFilter(not_printed=True)))) == {
        "Trần Văn Bình", "Phạm Thị Duyệt", "Hoàng Văn Sớm"}
    counts = services.print_counts(event)
    assert (counts["registered"], counts["printed"], counts["not_printed"], counts["since_last_print"]) == (4, 1, 3, 2)
    assert later.id and approved_late.id
    entry = db.session.execute(db.select(AuditEntry).filter_by(action="badge.print")).scalar_one()
    assert entry.target == f"batch:{batch.id}"


def test_an_empty_selection_prints_nothing_and_records_nothing(db, event):
    with pytest.raises(DomainError):
        services.print_batch(event, PrintFilter(), "a6")
    assert services.batches(event) == []


@needs_poppler
def test_a_batch_pdf_again_uses_current_codes_and_skips_cancelled_guests(db, event, make_guest, tmp_path):
    kept, gone = make_guest(event, "Lê Thị An"), make_guest(event, "Trần Văn Bình")
    batch = services.print_batch(event, PrintFilter(), "a6")
    services.reissue_badge(kept, "Mất thẻ")
    gone.status = "cancelled"
    db.session.commit()
    pdf = services.batch_pdf(batch)
    assert page_count(pdf) == 1
    assert decode_qr_codes(pdf, tmp_path) == [(kept.badge_token, "M")]


@needs_poppler
def test_award_recipients_and_priority_guests_are_marked(db, event, make_guest, award_for, tmp_path):
    leaders, coops = event.categories
    awarded = make_guest(event, NAME, category=coops)
    award_for(awarded)
    make_guest(event, "Ngô Ngọc Khánh", category=leaders, needs_attention=True)
    make_guest(event, "Lê Thị Thường", category=coops)
    text = pdf_text(services.render_guests(event, services.select_guests(event), "a6"), tmp_path)
    pages = text.split("\f")
    by_name = {next(n for n in (NAME, "Ngô Ngọc Khánh", "Lê Thị Thường") if n in page): page for page in pages if page.strip()}
    assert "Nhận khen thưởng" in by_name[NAME] and "Ưu tiên" not in by_name[NAME]
    assert "Ưu tiên" in by_name["Ngô Ngọc Khánh"] and "Nhận khen thưởng" not in by_name["Ngô Ngọc Khánh"]
    assert "Nhận khen thưởng" not in by_name["Lê Thị Thường"] and "Ưu tiên" not in by_name["Lê Thị Thường"]


def test_door_reprints_are_counted_with_their_reason(db, event, make_guest):
    guest = make_guest(event)
    pdf = services.reprint_badge(guest, "Thẻ bị hỏng", "label")
    assert pdf.startswith(b"%PDF")
    services.reprint_badge(guest, "In sai thông tin")
    assert services.reprint_count(guest) == 2
    assert [b.reason for b in services.reprints(guest)] == ["In sai thông tin", "Thẻ bị hỏng"]
    assert guest.badge_printed_at is not None
    assert db.session.execute(db.select(AuditEntry).filter_by(action="badge.reprint")).scalars().all()
    with pytest.raises(DomainError):
        services.reprint_badge(guest, "")
    with pytest.raises(DomainError):
        services.reprint_badge(guest, "Thẻ bị hỏng", "a3")
    assert services.reprint_count(guest) == 2


def test_no_badge_for_a_guest_who_is_not_confirmed(db, event, make_guest):
    guest = make_guest(event, status="pending")
    with pytest.raises(DomainError):
        services.reprint_badge(guest, "Thẻ bị hỏng")
    with pytest.raises(DomainError):
        services.guest_badge_pdf(guest)
    assert services.reprint_count(guest) == 0


def test_logo_accepts_png_and_jpeg_and_explains_every_refusal(db, event, png_bytes):
    branding.set_logo(event, png_bytes())
    assert event.logo_mime == "image/png"
    branding.set_logo(event, png_bytes(fmt="JPEG"))
    assert event.logo_mime == "image/jpeg"
    refusals = {
        b"": "chọn",
        png_bytes(fmt="GIF"): "PNG hoặc JPEG",
        b"<svg xmlns='http://www.w3.org/2000/svg'/>": "PNG hoặc JPEG",
        b"\x89PNG\r\n\x1a\n" + b"not really a png" * 10: "Không đọc được",
        png_bytes()[:-30]: "Không đọc được",  # truncated
        png_bytes(fmt="JPEG")[:200]: "Không đọc được",
        b"\x89PNG\r\n\x1a\n" + b"\0" * (1024 * 1024): "1 MB",
        png_bytes(size=(3200, 10)): "3000",
    }
    for data, message in refusals.items():
        with pytest.raises(DomainError) as caught:
            branding.set_logo(event, data)
        assert message in caught.value.message and caught.value.field == "logo"
    assert event.logo_mime == "image/jpeg"
    branding.remove_logo(event)
    assert event.logo is None


def test_category_colours_are_checked_and_audited(db, event):
    leaders, coops = event.categories
    assert branding.set_category_colors(event, {leaders.id: "#B91C1C", 999: "#000000"}) == {"lanh-dao": "#b91c1c"}
    with pytest.raises(DomainError):
        branding.set_category_colors(event, {coops.id: "red;"})
    db.session.rollback()
    assert coops.color == "#1d4ed8"
    assert db.session.execute(db.select(AuditEntry).filter_by(action="badge.colors")).scalar_one()
