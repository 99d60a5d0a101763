"""Uploaded tables (CSV or XLSX) read into rows of text, with a clear message for a broken or hostile file.

Every importer reads its file here, so the limits are the same everywhere: the file's size, the
number of rows, what an XLSX may unpack to, and which CSV encodings are understood. What a file is
is decided by its first bytes, not its name: the name only has to be one the importer accepts.
Formulas are never evaluated: an XLSX cell gives the value the spreadsheet last saved for it.
"""
import codecs
import csv
import io
import re
import zipfile
import zlib
from datetime import date, datetime

from flask_babel import format_decimal
from flask_babel import gettext as _

from .errors import DomainError

TABLE_MAX_BYTES = 4 * 1024 * 1024
MAX_ROWS = 5000  # data rows, the heading and blank rows not counted
MAX_COLUMNS = 100  # cells further right are not read
XLSX_MAX_UNPACKED = 32 * 1024 * 1024  # what all the parts of an XLSX may unpack to together
XLSX_MAX_PARTS = 1000

ZIP_SIGNATURE = b"PK\x03\x04"
XLS_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE2: Excel 97-2003, or an encrypted .xlsx
DELIMITERS = (",", ";", "\t")  # Excel writes ';' in the Vietnamese locale, tabs in "Unicode text"
# A well-formed multi-byte UTF-8 sequence: one in a file that is not valid UTF-8 means damaged UTF-8
# rather than a legacy encoding, whose Vietnamese letters almost never form one.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def size_text(size):
    """A byte count as people read it: "4 MB", "19,5 KB"."""
    if size >= 1024 * 1024:
        return f"{format_decimal(round(size / (1024 * 1024), 1))} MB"
    return f"{format_decimal(round(size / 1024, 1))} KB"


def read_table(filename, data, *, extensions=(".csv", ".xlsx"), max_rows=MAX_ROWS):
    """[(row number, [cell text])] of an uploaded table, blank rows left out; the first is the heading.

    ``filename`` None skips the check of the name. Raises DomainError(field="file") with a message
    for the organiser when the file cannot be read or is beyond the limits.
    """
    if filename is not None and not filename.lower().endswith(extensions):
        raise _refused(_("Chỉ nhận tệp .csv hoặc .xlsx.") if ".xlsx" in extensions else _("Chỉ nhận tệp .csv."))
    if not data:
        raise _refused(_("Tệp trống."))
    if len(data) > TABLE_MAX_BYTES:
        raise _refused(_("Tệp quá lớn: tối đa %(size)s.", size=size_text(TABLE_MAX_BYTES)))
    if data.startswith(XLS_SIGNATURE):
        raise _refused(_("Đây là tệp Excel 97–2003 (.xls) hoặc tệp Excel có mật khẩu: hãy mở trong Excel, "
                         "bỏ mật khẩu nếu có, rồi lưu lại dạng .xlsx hoặc CSV UTF-8."))
    if data.startswith(ZIP_SIGNATURE):
        if ".xlsx" not in extensions:
            raise _refused(_("Đây là bảng tính Excel hoặc tệp nén, không phải CSV: hãy lưu lại dạng CSV UTF-8."))
        rows = _xlsx_rows(data, max_rows)
    elif (filename or "").lower().endswith(".xlsx"):
        raise _refused(_("Không đọc được tệp Excel (.xlsx): tệp bị hỏng hoặc không đúng định dạng."))
    else:
        rows = _csv_rows(data)
    return _collect(rows, max_rows)


def cell_text(value):
    """A cell as text: a phone typed as a number loses its ".0", a date is written yyyy-mm-dd."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return str(value).strip()


def _refused(message):
    return DomainError(message, field="file")


def _too_many_rows(max_rows):
    return _refused(_("Tệp có quá nhiều dòng (tối đa %(n)d).", n=max_rows))


def _scan_limit(max_rows):
    """How far down a sheet is read: the heading, the rows and as many blank rows."""
    return 2 * max_rows + 1


def _collect(rows, max_rows):
    scan_limit = _scan_limit(max_rows)
    table = []
    for number, raw in enumerate(rows, start=1):
        cells = [cell_text(value) for value in raw[:MAX_COLUMNS]]
        while cells and not cells[-1]:
            cells.pop()
        if not cells:
            continue
        if len(table) > max_rows or number > scan_limit:
            raise _too_many_rows(max_rows)
        table.append((number, cells))
    return table


# ----- CSV ----------------------------------------------------------------------------------------

def _csv_text(data):
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Excel's "Unicode text"
        encoding = "utf-16"
    elif b"\0" in data:
        raise _nul_refused()
    else:
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            if _UTF8_SEQUENCE.search(data):
                line = data.count(b"\n", 0, error.start) + 1
                raise _refused(_("Dòng %(line)d của tệp CSV có ký tự không đúng mã UTF-8: hãy lưu lại tệp "
                                 "dạng CSV UTF-8.", line=line)) from None
        encoding = "cp1258"  # Excel's "CSV" on a Vietnamese Windows
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        raise _refused(_("Không đọc được bảng mã của tệp CSV: hãy lưu lại dạng CSV UTF-8.")) from None
    if "\0" in text:
        raise _nul_refused()
    return text


def _nul_refused():
    return _refused(_("Tệp CSV chứa ký tự NUL: đây không phải tệp văn bản, hoặc được lưu bằng bảng mã "
                      "UTF-16 không có BOM. Hãy lưu lại dạng CSV UTF-8."))


def _csv_rows(data):
    text = _csv_text(data)
    heading = next((line for line in io.StringIO(text) if line.strip()), "")
    heading = re.sub(r'"[^"]*"', "", heading)  # a quoted heading may hold any delimiter
    delimiter = max(DELIMITERS, key=heading.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        yield from reader
    except csv.Error:  # a cell over the csv module's limit (128 KB), a quote left open...
        raise _refused(_("Dòng %(line)d của tệp CSV có một ô quá dài hoặc sai định dạng.",
                         line=reader.line_num)) from None


# ----- XLSX ---------------------------------------------------------------------------------------

def _unreadable_xlsx():
    return _refused(_("Không đọc được tệp Excel (.xlsx): tệp bị hỏng hoặc không đúng định dạng."))


def _check_archive(data):
    """An XLSX is a zip: its parts must not unpack to more than the limit (a zip bomb)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise _unreadable_xlsx() from None
    if len(parts) > XLSX_MAX_PARTS or sum(part.file_size for part in parts) > XLSX_MAX_UNPACKED:
        raise _refused(_("Tệp Excel giải nén ra quá lớn (hơn %(size)s): không đọc tệp này.",
                         size=size_text(XLSX_MAX_UNPACKED)))


_CELL = re.compile(rb"<(?:\w+:)?c[\s/>]")
_FIRST_SHEET = re.compile(rb"<(?:\w+:)?sheet\s[^>]*?r:id=\"([^\"]+)\"")
_CHUNK = 1024 * 1024


def _first_sheet_part(archive):
    """The path of the workbook's first sheet inside the zip (usually xl/worksheets/sheet1.xml)."""
    try:
        workbook = archive.read("xl/workbook.xml")
        relations = archive.read("xl/_rels/workbook.xml.rels")
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    first = _FIRST_SHEET.search(workbook)
    if first is None:
        return None
    for relation in re.findall(rb"<Relationship\s[^>]*>", relations):
        if re.search(rb'Id="' + re.escape(first.group(1)) + rb'"', relation):
            target = re.search(rb'Target="([^"]+)"', relation)
            if target:
                path = target.group(1).decode("utf-8", "replace").lstrip("/")
                return path if path.startswith("xl/") else f"xl/{path}"
    return None


def _check_cell_count(data, max_rows):
    """openpyxl parses every cell of a row, even those right of the columns it is asked for: a
    sheet may hold no more cells than the rows and columns that are read (a sheet of a million
    cells beyond column 100 kept a worker busy for 15 s). Counted on the raw XML, in a moment."""
    limit = (max_rows + 1) * MAX_COLUMNS
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        part = _first_sheet_part(archive)
        if part is None or part not in archive.namelist():
            return  # openpyxl will say what is wrong with the file
        count, tail = 0, b""
        with archive.open(part) as sheet:
            while chunk := sheet.read(_CHUNK):
                block = tail + chunk
                count += len(_CELL.findall(block))
                # A tag cut at the chunk's end is counted with the next chunk, not twice.
                cut = block.rfind(b"<")
                if cut >= len(block) - 8:
                    count -= len(_CELL.findall(block[cut:]))
                    tail = block[cut:]
                else:
                    tail = b""
                if count > limit:
                    raise _refused(_("Trang tính đầu có quá nhiều ô (hơn %(n)s): chỉ giữ lại %(cols)d cột đầu "
                                     "và tối đa %(rows)d dòng, rồi lưu lại tệp.", n=format_decimal(limit),
                                     cols=MAX_COLUMNS, rows=max_rows))


def _xlsx_rows(data, max_rows):
    from openpyxl import load_workbook

    _check_archive(data)
    try:
        _check_cell_count(data, max_rows)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error):
        raise _unreadable_xlsx() from None
    try:
        # read_only streams the sheet; data_only gives each formula's saved value, never runs it
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds (KeyError, TypeError, XML errors...) on a foreign file
        raise _unreadable_xlsx() from None
    try:
        if not workbook.worksheets:
            raise _unreadable_xlsx()
        sheet = workbook.worksheets[0]
        scan_limit = _scan_limit(max_rows)
        if (sheet.max_row or 0) > scan_limit:  # the size the sheet declares, before reading it
            raise _too_many_rows(max_rows)
        yield from sheet.iter_rows(max_row=scan_limit + 1, max_col=MAX_COLUMNS, values_only=True)
    except DomainError:
        raise
    except Exception:  # a damaged part shows only while the rows are read (bad CRC, broken XML)
        raise _unreadable_xlsx() from None
    finally:
        workbook.close()
