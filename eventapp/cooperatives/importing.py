"""Importing cooperatives from CSV/XLSX: a preview row by row, then every chosen row in one transaction.

Each row is new, the same unit as a cooperative already in the registry (same name and district,
spelling aside: eventapp.cooperatives.matching), a repeat of a row above it, or an error. A row of
an existing unit is merged into it (its empty fields filled) unless the organiser asks for a
separate record. The preview is kept in the database (eventapp.previews) for the confirmation.
"""
from dataclasses import asdict, dataclass, field
from typing import Any

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from .. import previews
from ..audit import record
from ..errors import DomainError
from ..events.models import Organiser
from ..extensions import db
from ..registration.sheets import read_table
from ..text import search_key
from .matching import match_key
from .models import Cooperative
from .queries import by_match_key
from .services import FIELDS, apply_values, check_values

PREVIEW_KIND = "cooperatives"

# key, header written by the export, other headers the import accepts (compared diacritic-blind)
COLUMNS = [
    ("name", "Tên HTX", ("ten hop tac xa", "hop tac xa", "ten", "ten don vi", "name")),
    ("short_name", "Tên viết tắt", ("ten tat", "viet tat", "short name")),
    ("kind", "Loại hình", ("loai hinh to chuc", "loai", "kind", "legal form")),
    ("district", "Quận huyện", ("quan", "huyen", "dia ban", "district")),
    ("sector", "Ngành", ("nganh hang", "linh vuc", "sector")),
    ("products", "Sản phẩm", ("san pham chinh", "products")),
    ("representative", "Người đại diện", ("dai dien", "representative")),
    ("email", "Email", ("e-mail", "e mail", "thu dien tu")),
    ("phone", "Điện thoại", ("so dien thoai", "sdt", "phone")),
    ("member_since", "Năm kết nạp", ("nam gia nhap", "member since")),
    ("is_priority", "Tiêu biểu", ("htx tieu bieu", "featured", "priority")),
]
HEADERS = [header for _key, header, _aliases in COLUMNS]
_YES = {"co", "x", "1", "yes", "y", "true", "tieu bieu"}
_NO = {"", "khong", "0", "no", "n", "false"}
# What a merge may fill in an existing record; name, district and legal form say which unit it is.
FILLABLE = ("short_name", "sector", "products", "representative", "email", "phone", "member_since", "is_priority")


def _header_key(text: object) -> str:
    return " ".join(search_key(str(text or "").replace("_", " ").replace("/", " ")).split())


_HEADER_LOOKUP = {_header_key(name): key for key, header, aliases in COLUMNS for name in (key, header, *aliases)}


def map_headers(cells: list[str]) -> dict[str, int]:
    """{column key: index} for the recognised headers of the first row."""
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        key = _HEADER_LOOKUP.get(_header_key(cell))
        if key and key not in found:
            found[key] = index
    return found


@dataclass
class PreviewRow:
    row: int                        # the row number the organiser sees in their spreadsheet
    action: str                     # new | merge | duplicate | error
    name: str = ""
    values: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)
    existing_id: int | None = None  # merge: the cooperative it is the same as
    existing_name: str = ""
    existing_district: str = ""
    fills: list = field(default_factory=list)  # merge: the existing record's empty fields it fills
    can_separate: bool = True       # merge: false when name and district are exactly the existing one's
    duplicate_of: int | None = None  # duplicate: the earlier row


@dataclass
class Preview:
    token: str
    filename: str
    rows: list

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def counts(self) -> dict:
        return {action: self.count(action) for action in ("new", "merge", "duplicate", "error")}


@dataclass
class ImportResult:
    created: int = 0
    merged: int = 0
    filled: int = 0  # merged records that gained a value
    skipped: int = 0


class ImportFailed(DomainError):
    """Nothing was written; ``errors`` lists (row, name, [reasons])."""

    def __init__(self, errors: list[Any]) -> None:
        super().__init__(_("Không nhập được: %(n)d dòng có lỗi. Chưa có gì được ghi.", n=len(errors)))
        self.errors = errors


def _flag(text: str) -> bool:
    key = search_key(text)
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise DomainError(_("chỉ nhận «có» hoặc «không»."), field="is_priority")


def _check_row(cells: list[str], columns: dict[str, int]) -> tuple[dict, list[str]]:
    """(values, every error of the row, each prefixed by its column's header)."""
    raw: dict[str, object] = {key: cells[index] if index < len(cells) else "" for key, index in columns.items()}
    errors = []
    try:
        raw["is_priority"] = _flag(str(raw.get("is_priority", "")))
    except DomainError as exc:
        raw["is_priority"] = False
        errors.append(exc)
    values, more = check_values(raw)
    headers = {key: header for key, header, _aliases in COLUMNS}
    return values, [f"{headers[e.field]}: {e.message}" for e in more + errors]


def fills(coop: Cooperative, values: dict) -> list[str]:
    """The fields of an existing record that are empty and that the row's values would fill."""
    return [key for key in FILLABLE if values.get(key) and not getattr(coop, key)]


def build_preview(organiser: Organiser, filename: str | None, data: bytes) -> Preview:
    """Reads the file and judges each row against the registry and the rows above it. Keeps the
    preview for the confirmation; writes nothing else."""
    table = read_table(filename, data)
    if not table:
        raise DomainError(_("Tệp trống."), field="file")
    columns = map_headers(table[0][1])
    if "name" not in columns:
        raise DomainError(_("Dòng đầu của tệp phải có cột «Tên HTX»."), field="file")
    existing = by_match_key(organiser)
    seen: dict[str, int] = {}
    rows = []
    for number, cells in table[1:]:
        values, errors = _check_row(cells, columns)
        name = values["name"] or (cells[columns["name"]] if columns["name"] < len(cells) else "")
        if errors:
            rows.append(PreviewRow(number, "error", name, values, errors))
            continue
        key = match_key(values["name"], values["district"])
        if key in seen:
            rows.append(PreviewRow(number, "duplicate", name, values, duplicate_of=seen[key]))
            continue
        seen[key] = number
        same = existing.get(key)
        if not same:
            rows.append(PreviewRow(number, "new", name, values))
            continue
        exact = [c for c in same if (c.name, c.district) == (values["name"], values["district"])]
        target = (exact or same)[0]
        rows.append(PreviewRow(number, "merge", name, values, existing_id=target.id, existing_name=target.name,
                               existing_district=target.district, fills=fills(target, values),
                               can_separate=not exact))
    if not rows:
        raise DomainError(_("Tệp không có dòng dữ liệu nào."), field="file")
    token = previews.save(PREVIEW_KIND, organiser, {"filename": filename or "", "rows": [asdict(r) for r in rows]})
    return Preview(token=token, filename=filename or "", rows=rows)


def load_preview(organiser: Organiser, token: str) -> Preview:
    """NotFound when the preview is gone, expired or another organiser's."""
    data = previews.load(PREVIEW_KIND, organiser, token)
    return Preview(token=token, filename=data["filename"], rows=[PreviewRow(**r) for r in data["rows"]])


def discard_preview(organiser: Organiser, token: str) -> None:
    previews.forget(PREVIEW_KIND, organiser, token)


def confirm_import(organiser: Organiser, token: str, merge: set[int] | None = None,
                   skip: set[int] | frozenset = frozenset()) -> ImportResult:
    """Writes the preview in one transaction, or nothing.

    ``merge``: the rows of an existing unit to merge into it (None: every such row); the others
    become separate records where they can. ``skip``: rows left out. An error row that is not left
    out stops the import. Each merge is judged again against the record as it is now.
    """
    preview = load_preview(organiser, token)
    errors = [(r.row, r.name, r.errors) for r in preview.rows if r.action == "error" and r.row not in skip]
    if errors:
        raise ImportFailed(errors)
    result = ImportResult()
    for row in preview.rows:
        if row.row in skip or row.action in ("error", "duplicate"):
            result.skipped += 1
            continue
        separate = row.action == "merge" and row.can_separate and merge is not None and row.row not in merge
        if row.action == "merge" and not separate:
            target = db.session.get(Cooperative, row.existing_id)
            if target is None or target.organiser_id != organiser.id:
                errors.append((row.row, row.name, [_("Hợp tác xã «%(name)s» không còn (đã bị gộp hoặc xoá): hãy "
                                                     "tải tệp lên lại.", name=row.existing_name)]))
                continue
            filled = fills(target, row.values)
            for key in filled:
                setattr(target, key, row.values[key])
            target.refresh_keys()
            result.merged += 1
            result.filled += bool(filled)
            continue
        coop = Cooperative(organiser_id=organiser.id)
        apply_values(coop, {key: row.values.get(key) for key in FIELDS})
        db.session.add(coop)
        result.created += 1
    if errors:
        db.session.rollback()
        raise ImportFailed(errors)
    try:
        db.session.flush()
    except IntegrityError:
        # Someone added one of these names since the preview: the file is judged again on upload.
        db.session.rollback()
        raise ImportFailed([(0, "", [_("Một hợp tác xã trong tệp vừa được người khác thêm vào danh sách: hãy "
                                       "tải tệp lên lại.")])]) from None
    record("cooperative.import", f"organiser:{organiser.id}", organiser=organiser, file=preview.filename,
           created=result.created, merged=result.merged, filled=result.filled, skipped=result.skipped)
    previews.forget(PREVIEW_KIND, organiser, token, commit=False)  # used up with the import, not twice
    db.session.commit()
    return result

