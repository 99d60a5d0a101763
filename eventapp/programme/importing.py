"""Importing award recipients from a CSV or XLSX file: a preview first, then one atomic commit.

The organiser uploads a file; every row is judged (will be created, matches an existing recipient,
or an error with its row number and reason) and the preview is kept in the database under a random
token (eventapp.previews; never in the cookie session, which is small and signed but readable), so
that any server may confirm it. Confirming re-judges the rows against the database as it is then, and
writes all of them in one transaction, or nothing when any row is wrong.
"""
from dataclasses import dataclass, field

from flask_babel import gettext as _

from .. import audit, previews
from ..errors import DomainError
from ..extensions import db
from ..text import clean, search_key
from ..uploads import read_table
from .awards import add_recipient, list_categories, suggested_links

# Column headings recognised, compared diacritic-blind and case-blind.
COLUMNS = {
    "category": ("hình thức khen thưởng", "khen thưởng", "danh hiệu", "giải thưởng", "category", "award"),
    "name": ("họ và tên", "họ tên", "tên", "người nhận", "đơn vị nhận", "tên người hoặc đơn vị nhận",
             "name", "recipient"),
    "title": ("chức vụ", "title", "position"),
    "organization": ("đơn vị", "cơ quan", "tổ chức", "đơn vị công tác", "organization", "organisation"),
    "collective": ("tập thể", "là tập thể", "collective"),
}
_HEADINGS = {search_key(h): column for column, headings in COLUMNS.items() for h in headings}
_YES = {"co", "x", "1", "tap the", "yes", "y", "true"}
_NO = {"", "khong", "0", "ca nhan", "no", "n", "false"}


@dataclass
class PreviewRow:
    number: int  # the row's number in the spreadsheet (the heading is row 1)
    values: dict
    status: str = "create"  # create, exists, error
    reason: str = ""
    category_name: str = ""
    category_id: int | None = None
    is_collective: bool = False
    links: list = field(default_factory=list)


@dataclass
class Preview:
    token: str
    filename: str
    rows: list

    @property
    def counts(self):
        result = {"create": 0, "exists": 0, "error": 0}
        for row in self.rows:
            result[row.status] += 1
        return result

    @property
    def can_commit(self):
        counts = self.counts
        return counts["error"] == 0 and counts["create"] > 0


# ----- reading the file -----------------------------------------------------------------------------

def read_rows(filename, data):
    """[(row number, {column: text})] from a .csv or .xlsx file; DomainError when unreadable."""
    table = read_table(filename, data, extensions=(".csv", ".txt", ".xlsx"))
    table = [(n, [clean(v) for v in row]) for n, row in table]
    table = [(n, row) for n, row in table if any(row)]
    if not table:
        raise DomainError(_("Tệp trống."), field="file")
    columns = [_HEADINGS.get(search_key(h)) for h in table[0][1]]
    if "name" not in columns:
        raise DomainError(_("Không thấy cột \"Họ và tên\" (hoặc \"Tên\") ở dòng tiêu đề."), field="file")
    rows = []
    for number, row in table[1:]:
        values = {}
        for column, value in zip(columns, row):
            if column and column not in values:
                values[column] = value
        rows.append((number, values))
    if not rows:
        raise DomainError(_("Tệp không có dòng dữ liệu nào."), field="file")
    return rows


# ----- judging the rows -------------------------------------------------------------------------------

def judge(event, rows, default_category=None):
    """PreviewRows for [(number, values)] against the database as it is now."""
    categories = list_categories(event)
    by_name = {search_key(c.name): c for c in categories}
    existing = {(c.id, search_key(r.name), search_key(r.organization)) for c in categories for r in c.recipients}
    seen = {}
    result = []
    for number, values in rows:
        row = PreviewRow(number=number, values=values)
        result.append(row)
        try:
            _judge_row(event, row, by_name, default_category)
        except DomainError as error:
            row.status, row.reason = "error", error.message
            continue
        key = (row.category_id, search_key(values.get("name")), search_key(values.get("organization")))
        if key in existing:
            row.status, row.reason = "exists", _("Đã có trong danh sách khen thưởng này; sẽ bỏ qua.")
        elif key in seen:
            row.status, row.reason = "error", _("Trùng với dòng %(n)d.", n=seen[key])
        else:
            seen[key] = number
    return result


def _judge_row(event, row, by_name, default_category):
    values = row.values
    named = values.get("category") or ""
    category = by_name.get(search_key(named)) if named else default_category
    if category is None:
        if named:
            raise DomainError(_("Không có hình thức khen thưởng \"%(name)s\".", name=named))
        raise DomainError(_("Chưa chọn hình thức khen thưởng."))
    row.category_id, row.category_name = category.id, category.name
    name = values.get("name") or ""
    if not name:
        raise DomainError(_("Thiếu họ và tên (hoặc tên đơn vị)."))
    for column, label in (("name", _("Tên")), ("title", _("Chức vụ")), ("organization", _("Đơn vị"))):
        if len(values.get(column) or "") > 255:
            raise DomainError(_("%(column)s quá dài (tối đa 255 ký tự).", column=label))
    collective = search_key(values.get("collective") or "")
    if collective in _YES:
        row.is_collective = True
    elif collective not in _NO:
        raise DomainError(_("Cột \"Tập thể\" phải là \"có\" hoặc \"không\"."))
    guest, coop = suggested_links(event, row.is_collective, name, values.get("organization") or "")
    if guest is not None:
        row.links.append(_("khách: %(name)s", name=guest.full_name))
    if coop is not None:
        row.links.append(_("HTX: %(name)s", name=coop.name))


# ----- the preview kept between the two requests (eventapp.previews) --------------------------------

PREVIEW_KIND = "award_recipients"


def start_preview(event, filename, data, default_category=None):
    """Reads and judges the file, keeps its rows in the database; returns the Preview."""
    rows = read_rows(filename, data)
    token = previews.save(PREVIEW_KIND, event, {
        "filename": filename or "", "default_category_id": default_category.id if default_category else None,
        "rows": [[number, values] for number, values in rows]})
    return Preview(token, filename or "", judge(event, rows, default_category))


def _load(event, token):
    stored = previews.load(PREVIEW_KIND, event, token)
    default = None
    if stored.get("default_category_id"):
        default = next((c for c in list_categories(event) if c.id == stored["default_category_id"]), None)
    return stored, [(number, values) for number, values in stored["rows"]], default


def load_preview(event, token):
    """The preview judged again against the database as it is now."""
    stored, rows, default = _load(event, token)
    return Preview(token, stored.get("filename", ""), judge(event, rows, default))


def commit_preview(event, token):
    """Creates every new recipient in one transaction; nothing when any row is wrong. Returns the
    number created. The preview is forgotten after a successful commit."""
    stored, rows, default = _load(event, token)
    judged = judge(event, rows, default)
    errors = [r for r in judged if r.status == "error"]
    if errors:
        raise DomainError(_("Tệp còn %(n)d dòng lỗi: không ghi dòng nào. Hãy sửa tệp rồi tải lên lại.",
                            n=len(errors)))
    categories = {c.id: c for c in list_categories(event)}
    created = 0
    try:
        for row in judged:
            if row.status != "create":
                continue
            add_recipient(categories[row.category_id], commit=False, name=row.values.get("name"),
                          title=row.values.get("title"), organization=row.values.get("organization"),
                          is_collective=row.is_collective)
            created += 1
        audit.record("award.import", f"event:{event.id}", event=event, filename=stored.get("filename", ""),
                     created=created)
        previews.forget(PREVIEW_KIND, event, token, commit=False)  # used up with the import, not twice
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return created


def discard_preview(event, token):
    previews.load(PREVIEW_KIND, event, token)  # NotFound when it is not this event's
    previews.forget(PREVIEW_KIND, event, token)
