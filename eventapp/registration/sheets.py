"""Guest lists as spreadsheets: the columns, reading CSV/XLSX, writing them. Pure: bytes in, bytes out.

Reading goes through eventapp.uploads, which holds the limits shared by every importer.

Exports and imports share the column names, so an exported file imports back unchanged. Cells
that a spreadsheet would run as a formula (= + - @, tab, carriage return) are written with a
leading apostrophe, which the import removes again. Every CSV or XLSX the application writes goes
through to_csv() / to_xlsx() here (guests, cooperatives, the exhibitor directory, the scan log), so
that this rule has one home.
"""
import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from .. import uploads
from ..text import search_key

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# key, header written by the export, other headers accepted by the import (compared diacritic-blind)
COLUMNS = [
    ("full_name", "Họ và tên", ("ho ten", "ten", "full name", "name", "ten khach")),
    ("email", "Email", ("e-mail", "e mail", "thu dien tu")),
    ("phone", "Số điện thoại", ("dien thoai", "sdt", "so dt", "phone", "mobile", "di dong")),
    ("organization", "Đơn vị công tác", ("don vi", "co quan", "organization", "organisation", "to chuc")),
    ("position", "Chức vụ", ("chuc danh", "position", "title")),
    ("category", "Thành phần", ("thanh phan tham du", "category", "loai khach", "hang")),
    ("category_code", "Mã thành phần", ("category code", "ma hang")),
    ("priority", "Ưu tiên", ("vip", "priority", "uu tien / vip", "khach vip", "can chu y", "chu y", "attention")),
]
EXPORT_ONLY = ["Trạng thái", "Đã check-in", "Thời điểm đăng ký", "Nguồn", "Mã khách"]
EXPORT_HEADERS = [header for _key, header, _aliases in COLUMNS] + EXPORT_ONLY


def _header_key(text: object) -> str:
    return search_key(str(text or "").replace("_", " "))


_HEADER_LOOKUP: dict[str, str] = {}
for _key, _header, _aliases in COLUMNS:
    for _name in (_key, _header, *_aliases):
        _HEADER_LOOKUP[_header_key(_name)] = _key


def map_headers(header_row: Iterable[object]) -> dict[str, int]:
    """{column key: index} for the recognised headers of the first row."""
    found: dict[str, int] = {}
    for index, cell in enumerate(header_row):
        key = _HEADER_LOOKUP.get(_header_key(cell))
        if key and key not in found:
            found[key] = index
    return found


def neutralise(value: Any) -> Any:
    """A text cell that no spreadsheet will run as a formula. Numbers, dates and None stay as they
    are: a negative number is a number, not a formula, and an XLSX keeps it as one."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def unneutralise(value: str) -> str:
    if value.startswith("'") and value[1:].startswith(FORMULA_START):
        return value[1:]
    return value


def read_table(filename: str | None, data: bytes) -> list[tuple[int, list[str]]]:
    """[(row number, [cell text])] of an uploaded CSV or XLSX file; the first is the header. A cell
    that the export protected with an apostrophe comes back as it was typed."""
    return [(number, [unneutralise(cell) for cell in cells]) for number, cells in uploads.read_table(filename, data)]


def to_csv(rows: Iterable[Sequence[Any]]) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel shows the diacritics; CRLF line ends."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(rows: Sequence[Sequence[Any]], title: str = "Khach") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    for row in rows:
        sheet.append([neutralise(cell) for cell in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for index, header in enumerate(rows[0] if rows else [], start=1):
        width = max([len(str(header))] + [len(str(r[index - 1])) for r in rows[1:200] if len(r) >= index])
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = min(60, width + 2)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
