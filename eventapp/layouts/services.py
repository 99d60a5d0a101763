"""Saving, resetting, importing and previewing an event's layouts.

A layout is validated (eventapp.layouts.document.validate) before anything is stored: a refused
document changes nothing. One row per event and kind, kept unique by the database.
"""
import base64
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import FileStorage

from .. import audit
from ..badges import services as badges
from ..badges.branding import check_logo
from ..badges.layouts import LAYOUT_KINDS, MODES
from ..badges.render import Badge, render_badges
from ..db import utcnow
from ..errors import DomainError, NotFound
from ..events.models import Event
from ..extensions import db
from ..programme.documents import certificate_preview
from ..programme.render.certificates import MODES as CERTIFICATE_MODES
from ..registration.models import Guest
from ..uploads import size_text
from .document import KIND_PAGES, KINDS, LayoutError, default_layout, dumps, loads, validate
from .models import EventLayout
from .queries import layout_of, stored_layout

KIND_LABELS = {
    "badge-a6": _l("Thẻ đại biểu A6"),
    "badge-a4-4up": _l("Thẻ đại biểu, 4 thẻ trên tờ A4"),
    "badge-card": _l("Thẻ tên 90 × 55 mm, 8 thẻ trên tờ A4"),
    "badge-label": _l("Nhãn in nhiệt (cuộn)"),
    "certificate": _l("Giấy chứng nhận, bằng khen"),
}
SHEET_OF_KIND = {kind: key for key, kind in LAYOUT_KINDS.items()}
SAMPLE_LIMIT = 8
BACKGROUND_MAX_BYTES = 1024 * 1024  # as for logos (eventapp.badges.branding)
IMPORT_MAX_BYTES = 4 * 1024 * 1024  # a layout with a background and inline images
PAGE_PRESETS = {
    "badge-a6": [("a6", _l("A6 (105 × 148 mm)"), 105, 148)],
    "badge-a4-4up": [("card-4up", _l("Thẻ 95 × 134 mm"), 95, 134)],
    "badge-card": [("card", _l("Thẻ 90 × 55 mm"), 90, 55)],
    "badge-label": [("label-62x100", _l("Nhãn 62 × 100 mm"), 62, 100),
                    ("label-62x29", _l("Nhãn 62 × 29 mm"), 62, 29),
                    ("label-54x101", _l("Nhãn 54 × 101 mm"), 54, 101),
                    ("label-57x32", _l("Nhãn 57 × 32 mm"), 57, 32)],
    "certificate": [("a4-landscape", _l("A4 ngang (297 × 210 mm)"), 297, 210),
                    ("a4-portrait", _l("A4 dọc (210 × 297 mm)"), 210, 297),
                    ("a5-landscape", _l("A5 ngang (210 × 148 mm)"), 210, 148),
                    ("a5-portrait", _l("A5 dọc (148 × 210 mm)"), 148, 210)],
}


def check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise NotFound(_("Không có loại mẫu in này."))
    return kind


def page_presets(kind: str) -> list[dict[str, Any]]:
    return [{"key": key, "label": str(label), "width_mm": w, "height_mm": h} for key, label, w, h in PAGE_PRESETS[kind]]


# ----- changing a layout -----------------------------------------------------------------------
def save_layout(event: Event, kind: str, doc: Any) -> EventLayout:
    """Validates and stores the event's layout of the kind; LayoutError (nothing changed) otherwise.
    Returns the stored row."""
    document = validate(doc, check_kind(kind))
    row = stored_layout(event, kind)
    actor = audit.current_actor()
    if row is None:
        row = EventLayout(event_id=event.id, kind=kind, document=document, updated_by=actor)
        db.session.add(row)
    else:
        row.document, row.updated_by, row.updated_at = document, actor, utcnow()
    audit.record("layout.save", f"event:{event.id}", event=event, kind=kind, elements=len(document["elements"]))
    try:
        db.session.commit()
    except IntegrityError:
        # Someone saved the first design of this kind a moment ago: this one replaces it.
        db.session.rollback()
        row = stored_layout(event, kind)
        if row is None:
            raise
        row.document, row.updated_by, row.updated_at = document, actor, utcnow()
        db.session.commit()
    return row


def reset_layout(event: Event, kind: str) -> bool:
    """Back to the built-in design. Returns whether there was a design to remove."""
    row = stored_layout(event, check_kind(kind))
    if row is None:
        return False
    db.session.delete(row)
    audit.record("layout.reset", f"event:{event.id}", event=event, kind=kind)
    db.session.commit()
    return True


def import_layout(event: Event, kind: str, text: str | bytes) -> EventLayout:
    """A layout from an export file (JSON text or bytes), stored; LayoutError otherwise."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise LayoutError(_("Tệp không phải JSON hợp lệ (UTF-8)."), "file") from None
    return save_layout(event, kind, loads(text, check_kind(kind)))


def export_layout(event: Event, kind: str) -> str:
    """The JSON text of the layout that prints for the kind (the built-in one when none is set)."""
    document, _is_default = layout_of(event, check_kind(kind))
    return dumps(document)


def read_upload(storage: FileStorage | None, limit: int) -> bytes:
    """The bytes of an uploaded file ("file"), at most `limit`; LayoutError(field="file") otherwise."""
    data = storage.read(limit + 1) if storage is not None else b""
    if not data:
        raise LayoutError(_("Vui lòng chọn một tệp."), "file")
    if len(data) > limit:
        raise LayoutError(_("Tệp quá lớn: tối đa %(size)s.", size=size_text(limit)), "file")
    return data


def background_from_upload(data: bytes) -> dict[str, str]:
    """The background part of a layout from an uploaded PNG or JPEG (limits as for logos)."""
    if data and data.startswith(b"%PDF"):
        raise LayoutError(_("Chưa hỗ trợ ảnh nền PDF: hãy xuất trang PDF thành ảnh PNG hoặc JPEG."), "file")
    try:
        mime = check_logo(data)
    except DomainError as error:
        raise LayoutError(error.message, "file") from None
    return {"media_type": mime, "data": base64.b64encode(data).decode("ascii")}


# ----- samples and preview ---------------------------------------------------------------------
def sample_guests(event: Event, limit: int = SAMPLE_LIMIT) -> list[Guest]:
    """Real guests to try a design on: the longest name, a priority guest, one of each category."""
    guests = list(db.session.execute(
        db.select(Guest).where(Guest.event_id == event.id, Guest.status == "registered").order_by(Guest.id)
    ).scalars())
    if not guests:
        return []
    chosen = [max(guests, key=lambda g: len(g.full_name or ""))]
    priority = next((g for g in guests if g.needs_attention or g.category.needs_attention), None)
    if priority is not None:
        chosen.append(priority)
    seen = set()
    for guest in guests:
        if guest.category_id not in seen:
            seen.add(guest.category_id)
            chosen.append(guest)
    unique = list(dict.fromkeys(chosen))
    return unique[:limit]


def _sample_badge() -> Badge:
    return Badge(token="0" * 32, full_name="Nguyễn Thị Phương Thảo", position="Giám đốc",
                 organization="HTX Nông nghiệp Tân Dương", category="Đại biểu", award=True, priority=True)


def samples(event: Event) -> list[dict[str, Any]]:
    """[{guest_id, label, values, category_colour}] for the designer."""
    from ..badges.render import card_values

    header = badges.event_header(event)
    result = []
    for guest in sample_guests(event):
        values = card_values(header, badges.badge_of(guest))
        values["marks"] = list(values["marks"])
        result.append({"guest_id": guest.id, "label": f"{guest.full_name} – {guest.category.name}",
                       "values": values, "category_colour": guest.category.color})
    if not result:
        values = card_values(header, _sample_badge())
        values["marks"] = list(values["marks"])
        result.append({"guest_id": None, "label": _("Khách mẫu"), "values": values, "category_colour": "#1d4ed8"})
    return result


def _preview_guests(event: Event, guest_ids: Any) -> list[Guest]:
    if not guest_ids:
        return sample_guests(event)
    if not isinstance(guest_ids, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in guest_ids):
        raise LayoutError(_("Danh sách khách xem thử không hợp lệ."), "guest_ids")
    return list(db.session.execute(
        db.select(Guest).where(Guest.event_id == event.id, Guest.id.in_(guest_ids[:SAMPLE_LIMIT]))
    ).scalars())


def preview_pdf(event: Event, kind: str, doc: Any, guest_ids: Any = None, mode: str = "office") -> bytes:
    """A PDF of the (unsaved) layout drawn by the code that prints, a card per sample guest."""
    document = validate(doc, check_kind(kind))
    if mode not in MODES:
        raise LayoutError(_("Cách in không hợp lệ."), "mode")
    if kind == "certificate":
        if mode not in CERTIFICATE_MODES:
            raise LayoutError(_("Giấy chứng nhận chỉ in theo cách văn phòng hoặc nhà in."), "mode")
        return certificate_preview(event, document, mode=mode)
    sheet = SHEET_OF_KIND[kind]
    guests = _preview_guests(event, guest_ids)
    if guests:
        return badges.render_guests(event, guests, sheet, mode=mode, design=document)
    return render_badges(badges.event_header(event), [_sample_badge()], sheet, mode=mode, design=document)


def kind_rows(event: Event) -> list[dict[str, Any]]:
    """For the list page: each kind, its label and whether the event has designed it."""
    from .queries import designed_kinds

    designed = designed_kinds(event)
    return [{"kind": kind, "label": str(KIND_LABELS[kind]), "row": designed.get(kind),
             "page": KIND_PAGES[kind] or tuple(default_layout(kind)["page"][k] for k in ("width_mm", "height_mm"))}
            for kind in KINDS]

