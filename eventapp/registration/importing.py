"""Importing invited delegates: a preview row by row, then all rows written in one transaction.

The preview is kept in the database (eventapp.previews, under a random token) rather than in the
signed session cookie, which is too small for a list of delegates, so that any server may confirm it.
"""
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from flask_babel import gettext as _

from .. import previews
from ..audit import record
from ..errors import DomainError
from ..events.models import Event, GuestCategory
from ..extensions import db
from ..text import search_key
from .contact import normalize_email, normalize_phone, require_email_or_phone
from .models import Guest
from .services import (
    DuplicateRegistration,
    confirmed_count,
    matching_guests,
    prepare_name,
    prepare_text,
    register_guest,
)
from .sheets import map_headers, read_table

PREVIEW_KIND = "guests"


@dataclass
class PreviewRow:
    row: int                      # the row number the organiser sees in their spreadsheet
    action: str                   # create | existing | error
    values: dict[str, Any] = field(default_factory=dict)
    reason: str = ""
    status: str = ""              # for "create": registered or waiting; for "existing": the guest's
    guest_id: int | None = None   # for "existing"
    category_id: int | None = None
    errors: list[str] = field(default_factory=list)  # for "error": every reason, in column order

    @property
    def who(self) -> str:
        """Whose row it is, as typed: the name and the contact."""
        contact = ", ".join(str(v) for v in (self.values.get("email"), self.values.get("phone")) if v)
        return " · ".join(p for p in (self.values.get("full_name") or "", contact) if p)


@dataclass
class Preview:
    id: str
    event_id: int
    filename: str
    rows: list[PreviewRow]

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def creatable(self) -> bool:
        return self.count("create") > 0 and self.count("error") == 0


class ImportFailed(DomainError):
    """Nothing was written; ``errors`` lists (row, who, reason): the row number, its name and contact."""

    def __init__(self, errors: list[tuple[int, str, str]]) -> None:
        super().__init__(_("Không nhập được: %(n)d dòng có lỗi. Chưa có khách nào được ghi.", n=len(errors)))
        self.errors = errors


CategoryFinder = Callable[[str, str], GuestCategory | None]


def _category_finder(event: Event, default: GuestCategory | None) -> CategoryFinder:
    by_code = {c.code.casefold(): c for c in event.categories}
    by_name: dict[str, GuestCategory] = {}
    for c in event.categories:
        by_name.setdefault(search_key(c.name), c)
        if c.name_en:
            by_name.setdefault(search_key(c.name_en), c)

    def find(code: str, name: str) -> GuestCategory | None:
        if code:
            return by_code.get(code.strip().casefold())
        if name:
            return by_code.get(name.strip().casefold()) or by_name.get(search_key(name))
        return default

    return find


YES = {"x", "co", "yes", "y", "1", "true", "vip", "uu tien", "can chu y", "dung"}
NO = {"", "khong", "no", "n", "0", "false", "-"}


def _flag(text: str | None) -> bool | None:
    """A priority cell: "x", "có", "VIP"... or empty / "không"; None when it says neither."""
    key = search_key(text or "")
    return True if key in YES else False if key in NO else None


def _check_row(cells: list[str], columns: dict[str, int],
               find_category: CategoryFinder) -> tuple[dict[str, Any], GuestCategory | None, list[str]]:
    """(values, category, errors) of one row: every error of the row, each with its column, so that
    one pass over the file shows all there is to fix. ``values`` holds what was typed when a cell
    is in error, so the preview can still say whose row it is."""
    def get(key: str) -> str:
        index = columns.get(key)
        return cells[index] if index is not None and index < len(cells) else ""

    errors: list[str] = []
    values: dict[str, Any] = {}

    def take(key: str, prepare: Callable[[str], object], label: str = "") -> None:
        try:
            values[key] = prepare(get(key))
        except DomainError as exc:
            values[key] = (get(key) or "").strip()
            errors.append(f"{label}: {exc.message}" if label else exc.message)

    take("full_name", prepare_name)
    raw_email, raw_phone = get("email"), get("phone")
    email = phone = None
    try:
        email = normalize_email(raw_email)
    except DomainError as exc:
        errors.append(f"{_('Email')}: {exc.message}")
    try:
        phone = normalize_phone(raw_phone)
    except DomainError as exc:
        errors.append(f"{_('Số điện thoại')}: {exc.message}")
    try:
        require_email_or_phone(raw_email, raw_phone)
    except DomainError as exc:
        errors.append(exc.message)
    values["email"] = email if email is not None else ((raw_email or "").strip() or None)
    values["phone"] = phone if phone is not None else ((raw_phone or "").strip() or None)
    take("organization", lambda v: prepare_text(v, "organization"), _("Đơn vị công tác"))
    take("position", lambda v: prepare_text(v, "position"), _("Chức vụ"))
    attention = _flag(get("priority"))
    if attention is None:
        errors.append(_("Ưu tiên: «%(value)s» không rõ; ghi «x», «có» hoặc để trống.", value=get("priority")))
    values["needs_attention"] = bool(attention)
    category = find_category(get("category_code"), get("category"))
    if category is None:
        errors.append(_("Không có thành phần «%(name)s» trong sự kiện.",
                        name=get("category_code") or get("category")))
    elif category.retired_at is not None:
        errors.append(_("Thành phần «%(name)s» đã đóng, không nhận đăng ký mới.", name=category.name))
    return values, category, errors


def build_preview(event: Event, filename: str, data: bytes, default_category: GuestCategory | None) -> Preview:
    """Reads the file and judges each row against the database and the rows above it."""
    table = read_table(filename, data)
    if not table:
        raise DomainError(_("Tệp trống."), field="file")
    columns = map_headers(table[0][1])
    if "full_name" not in columns or not ({"email", "phone"} & columns.keys()):
        raise DomainError(_("Dòng đầu của tệp phải có cột «Họ và tên» và cột «Email» hoặc «Số điện thoại»."),
                          field="file")
    find_category = _category_finder(event, default_category)
    seen: dict[str, int] = {}
    places: dict[int, int] = {}
    rows: list[PreviewRow] = []
    for number, cells in table[1:]:
        values, category, errors = _check_row(cells, columns, find_category)
        if errors or category is None:  # no category is one of the errors
            rows.append(PreviewRow(number, "error", values, reason="; ".join(errors), errors=errors))
            continue
        clash = next((seen[k] for k in (values["email"], values["phone"]) if k and k in seen), None)
        if clash:
            rows.append(PreviewRow(number, "error", values,
                                   reason=_("Trùng email hoặc số điện thoại với dòng %(row)d.", row=clash)))
            continue
        for key in (values["email"], values["phone"]):
            if key:
                seen[key] = number
        existing = matching_guests(event, values["email"], values["phone"])
        if existing:
            guest = existing[0]
            rows.append(PreviewRow(number, "existing", values, status=guest.status, guest_id=guest.id,
                                   category_id=guest.category_id,
                                   reason=_("Đã có khách: %(name)s.", name=guest.full_name)))
            continue
        if category.id not in places:
            places[category.id] = confirmed_count(category)
        status = "registered"
        if category.capacity is not None and places[category.id] >= category.capacity:
            status = "waiting"
        else:
            places[category.id] += 1
        rows.append(PreviewRow(number, "create", values, status=status, category_id=category.id))
    if not rows:
        raise DomainError(_("Tệp không có dòng dữ liệu nào."), field="file")
    token = previews.save(PREVIEW_KIND, event, {"filename": filename or "", "rows": [asdict(r) for r in rows]})
    return Preview(id=token, event_id=event.id, filename=filename or "", rows=rows)


# ----- keeping the preview between the two requests (eventapp.previews) -------------------------

def load_preview(event: Event, preview_id: str) -> Preview:
    data = previews.load(PREVIEW_KIND, event, preview_id)
    return Preview(id=preview_id, event_id=event.id, filename=data["filename"],
                   rows=[PreviewRow(**r) for r in data["rows"]])


# ----- confirming ------------------------------------------------------------------------------

def row_errors(preview: Preview) -> list[tuple[int, str, str]]:
    """(row, who, reason) of each row in error, every reason of a row on its own line."""
    return [(r.row, r.who, reason) for r in preview.rows if r.action == "error" for reason in (r.errors or [r.reason])]


def check_importable(preview: Preview, valid_only: bool = False) -> None:
    """ImportFailed unless the preview may be confirmed: no row in error (or valid_only), and a new guest."""
    errors = row_errors(preview)
    if errors and not valid_only:
        raise ImportFailed(errors)
    if not preview.count("create"):
        raise ImportFailed([(0, "", _("Không có khách mới nào để nhập."))])


def confirm_import(event: Event, preview_id: str, send_email: bool = True,
                   valid_only: bool = False) -> list[Guest]:
    """Writes every "create" row of the preview, or nothing. Returns the created guests.

    Each row is checked again: someone may have registered with the same contact since the
    preview. A file with an error row is imported only when the organiser chose "only the valid
    rows" (valid_only); then the rows in error are left out, and the others are still written
    all together or not at all.
    """
    preview = load_preview(event, preview_id)
    check_importable(preview, valid_only)
    categories = {c.id: c for c in event.categories}
    created: list[Guest] = []
    errors: list[tuple[int, str, str]] = []
    for row in preview.rows:
        if row.action != "create":
            continue
        try:
            created.append(register_guest(event, categories.get(row.category_id), source="import",
                                          approved=True, commit=False, **row.values))
        except DuplicateRegistration as exc:
            name = exc.guest.full_name if exc.guest is not None else row.who
            errors.append((row.row, row.who, _("Đã có khách: %(name)s.", name=name)))
        except DomainError as exc:
            errors.append((row.row, row.who, exc.message))
    if errors or not created:
        db.session.rollback()
        raise ImportFailed(errors or [(0, "", _("Không có khách mới nào để nhập."))])
    record("guest.import", f"event:{event.id}", event=event, file=preview.filename, created=len(created),
           existing=preview.count("existing"), left_out=preview.count("error"))
    previews.forget(PREVIEW_KIND, event, preview_id, commit=False)  # used up with the import, not twice
    db.session.commit()
    if send_email:
        from .notify import send_guest_mail

        for guest in created:
            send_guest_mail(guest, "invited")
    return created
