"""Guest lists as spreadsheets: the columns, reading CSV/XLSX, writing them. Pure: bytes in, bytes out.

Exports and imports share the column names, so an exported file imports back unchanged. Cells
that a spreadsheet would run as a formula (= + - @, tab, carriage return) are written with a
leading apostrophe, which the import removes again.
"""
import csv
import io
import zipfile
from datetime import date, datetime

from flask_babel import gettext as _

from ..errors import DomainError
from ..text import search_key

MAX_ROWS = 5000
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
]
EXPORT_ONLY = ["Trạng thái", "Đã check-in", "Thời điểm đăng ký", "Nguồn", "Mã khách"]
EXPORT_HEADERS = [header for _key, header, _aliases in COLUMNS] + EXPORT_ONLY


def _header_key(text):
    return search_key(str(text or "").replace("_", " "))


_HEADER_LOOKUP = {}
for _key, _header, _aliases in COLUMNS:
    for _name in (_key, _header, *_aliases):
        _HEADER_LOOKUP[_header_key(_name)] = _key


def map_headers(header_row):
    """{column key: index} for the recognised headers of the first row."""
    found = {}
    for index, cell in enumerate(header_row):
        key = _HEADER_LOOKUP.get(_header_key(cell))
        if key and key not in found:
            found[key] = index
    return found


def neutralise(value):
    """A text cell that no spreadsheet will run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def unneutralise(value):
    if value.startswith("'") and value[1:].startswith(FORMULA_START):
        return value[1:]
    return value


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a phone typed as a number: 912345678.0
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return unneutralise(str(value).strip())


def _decode(data):
    for encoding in ("utf-8-sig", "cp1258"):  # UTF-8 (with or without BOM), else Windows Vietnamese
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DomainError(_("Không đọc được tệp CSV: hãy lưu tệp với mã hoá UTF-8."), field="file")


def _read_csv(data):
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:  # a cell beyond the csv module's size limit, a stray NUL...
        raise DomainError(_("Không đọc được tệp CSV."), field="file") from None


def _read_xlsx(data):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise DomainError(_("Không đọc được tệp XLSX."), field="file") from None
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append(list(row))
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    finally:
        workbook.close()


def read_table(filename, data):
    """The rows of an uploaded CSV or XLSX file as lists of text; the first row is the header."""
    name = (filename or "").lower()
    if name.endswith(".xlsx"):
        rows = _read_xlsx(data)
    elif name.endswith(".csv"):
        rows = _read_csv(data)
    else:
        raise DomainError(_("Chỉ nhận tệp .csv hoặc .xlsx."), field="file")
    rows = [[_cell_text(cell) for cell in row] for row in rows]
    if len(rows) > MAX_ROWS + 1:
        raise DomainError(_("Tệp có quá nhiều dòng (tối đa %(n)d).", n=MAX_ROWS), field="file")
    return rows


def to_csv(rows):
    """UTF-8 with a byte-order mark, so that Excel shows the diacritics; CRLF line ends."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(rows, title="Khach"):
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
