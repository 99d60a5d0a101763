"""Broken or hostile uploads: every importer and the badge logo answer with a clear Vietnamese message,
never a server error, and the database is left exactly as it was.

The files are made here, small: a zip bomb is a zip whose parts declare a huge unpacked size, a
"huge" image is a PNG whose header claims 100,000 × 100,000 pixels.
"""
import functools
import html
import io
import random
import re
import struct
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass

import pytest
from openpyxl import Workbook

from eventapp import uploads
from eventapp.booths.plan import CSV_COLUMNS
from tests.conftest import csrf_token

pytestmark = pytest.mark.usefixtures("organiser")


@dataclass
class Importer:
    name: str
    url: str
    header: list
    row: object  # i -> the cells of a valid row
    max_rows: int
    xlsx: bool = True  # accepts .xlsx besides .csv

    def csv(self, rows, header=None, delimiter=","):
        lines = [header or self.header] + rows
        return "\r\n".join(delimiter.join(cells) for cells in lines).encode("utf-8")


IMPORTERS = [
    Importer("guests", "/admin/e/{slug}/guests/import", ["Họ và tên", "Email"],
             lambda i: [f"Nguyễn Văn Khách {i}", f"khach{i}@example.org"], uploads.MAX_ROWS),
    Importer("awards", "/admin/e/{slug}/programme/awards/import", ["Họ và tên", "Đơn vị"],
             lambda i: [f"Lê Thị Hoa {i}", "HTX Một"], uploads.MAX_ROWS),
    Importer("booths", "/admin/e/{slug}/booths/import", list(CSV_COLUMNS),
             lambda i: [f"B{i:04d}", "Nông nghiệp", str(i % 50 * 4), str(i // 50 * 4), "3", "3", "0", "0", "0"],
             2000, xlsx=False),
]


# ----- fixtures and helpers ---------------------------------------------------------------------------

@pytest.fixture
def organiser(make_user, login):
    return login(make_user("admin"))


@pytest.fixture
def event(make_event, make_guest, make_booth, app, tmp_path):
    from eventapp.programme import awards

    event = make_event(slug="hai-phong")
    make_guest(event, full_name="Trần Thị Mai")
    make_booth(event, "A01", zone="Nông nghiệp", x=0, y=0, width=3, height=3)
    category = awards.create_category(event, name="Giấy khen")
    awards.add_recipient(category, name="Phạm Văn Đức", organization="HTX Hai")
    return event


def snapshot(db):
    """Every row of every table, so that an update is noticed as well as an insert; except the
    import previews, which keep an uploaded file's rows until the organiser confirms them."""
    db.session.expire_all()
    return {table.name: sorted((tuple(row) for row in db.session.execute(table.select())), key=repr)
            for table in db.metadata.sorted_tables if table.name != "import_preview"}


def upload(client, importer, event, filename, data):
    url = importer.url.format(slug=event.slug)
    form = {"csrf_token": csrf_token(client, url), "file": (io.BytesIO(data), filename)}
    if importer.name == "guests":
        form["category"] = str(event.categories[0].id)
    if importer.name == "awards":
        from eventapp.programme.awards import list_categories

        form["category_id"] = str(list_categories(event)[0].id)
    return client.post(url, data=form, content_type="multipart/form-data")


def shown(response):
    return html.unescape(response.get_data(as_text=True))


def xlsx(rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def rezip(data, change):
    """The same XLSX with the XML of its first sheet changed by ``change`` (bytes -> bytes)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = change(content)
            target.writestr(item, content)
    return out.getvalue()


def garbage(size=4096, seed=11):
    return random.Random(seed).randbytes(size)


def windows_1258(text):
    """Text as Excel writes a CSV on a Vietnamese Windows: base letters, then the tone as a combining mark."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
                   + "".join(c for c in parts if c in tones))
    return "".join(out).encode("cp1258")


def png_with_size(width, height):
    """A PNG whose header claims width × height, with one tiny compressed row after it."""
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64))
            + chunk(b"IEND", b""))


def real_png(size=(120, 60)):
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


# ----- the bad tables: (what it is, file name for an importer, bytes, the message expected) ---------

NUL = "ký tự NUL"
NOT_XLSX = "Không đọc được tệp Excel (.xlsx): tệp bị hỏng hoặc không đúng định dạng."
IS_EXCEL = "Đây là bảng tính Excel hoặc tệp nén, không phải CSV"


@functools.cache
def bad_tables(name):
    importer = next(i for i in IMPORTERS if i.name == name)
    good = xlsx([importer.header, importer.row(1)])
    spreadsheet = ".xlsx" if importer.xlsx else ".csv"  # a CSV-only importer gets them renamed
    rows = [importer.row(i) for i in range(1, 4)]
    return {
        "empty": ("ds.csv", b"", "Tệp trống."),
        "binary garbage": ("ds.csv", garbage(), NUL),
        "garbage named xlsx": ("ds.xlsx", garbage(), NOT_XLSX if importer.xlsx else "Chỉ nhận tệp .csv."),
        "truncated xlsx": ("ds" + spreadsheet, good[: len(good) // 2], NOT_XLSX if importer.xlsx else IS_EXCEL),
        "zip that is no workbook": ("ds" + spreadsheet, _zip({"readme.txt": b"hello"}),
                                    NOT_XLSX if importer.xlsx else IS_EXCEL),
        "zip bomb": ("ds" + spreadsheet,  # 64 MB of blank space in the sheet's XML, packed to about 64 KB
                     rezip(good, lambda x: x.replace(b"<sheetData>", b"<sheetData>" + b" " * (64 << 20))),
                     "Tệp Excel giải nén ra quá lớn (hơn 32 MB)" if importer.xlsx else IS_EXCEL),
        "absurd dimensions": ("ds" + spreadsheet,
                              rezip(good, lambda x: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', x)),
                              "Tệp có quá nhiều dòng" if importer.xlsx else IS_EXCEL),
        "foreign markup in the sheet": ("ds" + spreadsheet,
                                        rezip(good, lambda x: x.replace(b"<dimension ", b'<dimension x="1" ')),
                                        NOT_XLSX if importer.xlsx else IS_EXCEL),
        "old xls": ("ds" + spreadsheet, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "Excel 97–2003 (.xls)"),
        "utf-16 without bom": ("ds.csv", importer.csv(rows).decode().encode("utf-16-le"), NUL),
        "damaged utf-8": ("ds.csv", importer.csv(rows).replace("Nông".encode(), b"N\xf4ng")
                          .replace("Nguyễn".encode(), b"Nguy\xea\xden").replace("Lê".encode(), b"L\xea"),
                          "Dòng 2 của tệp CSV có ký tự không đúng mã UTF-8"),
        "nul bytes": ("ds.csv", importer.csv(rows).replace(b"\r\n", b"\x00\r\n", 1), NUL),
        "endless field": ("ds.csv", importer.csv(rows) + b'\r\n"' + b"x" * 200_000 + b'"',
                          "Dòng 5 của tệp CSV có một ô quá dài"),
        "too many rows": ("ds.csv", importer.csv([importer.row(i) for i in range(importer.max_rows + 1)]),
                          f"Tệp có quá nhiều dòng (tối đa {importer.max_rows})."),
        "too many rows in a sheet": ("ds" + spreadsheet,
                                     xlsx([importer.header] + [importer.row(i) for i in range(importer.max_rows + 1)]),
                                     f"Tệp có quá nhiều dòng (tối đa {importer.max_rows})." if importer.xlsx
                                     else IS_EXCEL),
        "header only": ("ds.csv", importer.csv([]),
                        "Tệp không có dòng gian hàng nào." if importer.name == "booths"
                        else "Tệp không có dòng dữ liệu nào."),
        "wrong columns": ("ds.csv", importer.csv(rows, header=["cot1", "cot2", "cot3"]), {
            "guests": "Dòng đầu của tệp phải có cột «Họ và tên» và cột «Email» hoặc «Số điện thoại».",
            "awards": 'Không thấy cột "Họ và tên" (hoặc "Tên") ở dòng tiêu đề.',
            "booths": "Thiếu cột: code, zone, x, y, width, height, corner, power, water."}[importer.name]),
        "html page": ("ds.csv", b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>", {
            "guests": "Dòng đầu của tệp phải có cột «Họ và tên»",
            "awards": 'Không thấy cột "Họ và tên"',
            "booths": "Thiếu cột: code"}[importer.name]),
    }


def _zip(parts):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


CASES = list(bad_tables("guests"))


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("importer", IMPORTERS, ids=lambda i: i.name)
def test_a_bad_table_is_refused_clearly_and_changes_nothing(client, db, event, importer, case):
    filename, data, message = bad_tables(importer.name)[case]
    before = snapshot(db)
    response = upload(client, importer, event, filename, data)
    assert response.status_code < 500
    assert response.status_code != 302, "a broken file must not reach the preview or be imported"
    assert message in shown(response)
    assert "<script>alert(1)</script>" not in response.get_data(as_text=True)
    assert snapshot(db) == before


@pytest.mark.parametrize("importer", IMPORTERS, ids=lambda i: i.name)
def test_a_table_over_the_size_limit_is_refused_in_the_form(client, db, event, importer, monkeypatch):
    monkeypatch.setattr(uploads, "TABLE_MAX_BYTES", 20_000)
    data = importer.csv([importer.row(i) for i in range(1000)])
    assert len(data) > 20_000
    before = snapshot(db)
    response = upload(client, importer, event, "ds.csv", data)
    assert response.status_code < 500
    assert "Tệp quá lớn: tối đa 19,5 KB." in shown(response)
    assert snapshot(db) == before


@pytest.mark.parametrize("importer", [i for i in IMPORTERS if i.xlsx], ids=lambda i: i.name)
def test_a_formula_is_never_evaluated_nor_imported(client, db, event, importer):
    """A formula's cached value is read as plain text; a formula without one reads as an empty cell,
    so its row is refused and nothing is written."""
    cached = rezip(xlsx([importer.header, ['=HYPERLINK("http://evil.example","Bấm")'] + importer.row(1)[1:],
                         ["CACHED"] + importer.row(2)[1:]]),
                   lambda x: x.replace(b'<c r="A3" t="inlineStr"><is><t>CACHED</t></is></c>',
                                       '<c r="A3" t="str"><f>HYPERLINK("http://evil.example","x")</f>'
                                       '<v>Bấm vào đây</v></c>'.encode()))
    before = snapshot(db)
    response = upload(client, importer, event, "ds.xlsx", cached)
    assert response.status_code == 302  # to the preview
    preview_url = response.headers["Location"]
    page = shown(client.get(preview_url))
    assert "Bấm vào đây" in page and "HYPERLINK" not in page and "evil.example" not in page
    assert ("Vui lòng nhập họ và tên." if importer.name == "guests" else "Thiếu họ và tên") in page
    commit = preview_url if importer.name == "guests" else preview_url + "/commit"
    response = client.post(commit, data={"csrf_token": csrf_token(client, preview_url)}, follow_redirects=True)
    assert response.status_code < 500
    assert {"guests": "Không nhập được: 1 dòng có lỗi. Chưa có khách nào được ghi.",
            "awards": "Tệp còn 1 dòng lỗi: không ghi dòng nào."}[importer.name] in shown(response)
    assert snapshot(db) == before


# ----- files that look odd but are fine --------------------------------------------------------------

@pytest.mark.parametrize("encoding, delimiter", [("utf-16", "\t"), ("cp1258", ";"), ("utf-8-sig", ";")])
@pytest.mark.parametrize("importer", IMPORTERS, ids=lambda i: i.name)
def test_excel_csv_flavours_are_read(client, db, event, importer, encoding, delimiter):
    """Excel's "Unicode text" (UTF-16, tabs) and a Vietnamese-locale CSV (Windows-1258, semicolons)."""
    text = importer.csv([importer.row(1), importer.row(2)], delimiter=delimiter).decode()
    data = windows_1258(text) if encoding == "cp1258" else text.encode(encoding)
    response = upload(client, importer, event, "ds.csv", data)
    assert response.status_code == 302, shown(response)
    if importer.name == "booths":
        from eventapp.booths.plan import list_booths

        assert {"B0001", "B0002"} <= {b.code for b in list_booths(event)}
    else:
        page = shown(client.get(response.headers["Location"]))
        assert importer.row(1)[0] in page and importer.row(2)[0] in page


# ----- the logo -----------------------------------------------------------------------------------------

BAD_LOGOS = {
    "empty": ("logo.png", b"", "Vui lòng chọn một tệp ảnh PNG hoặc JPEG."),
    "binary garbage": ("logo.png", garbage(), "Chỉ nhận ảnh PNG hoặc JPEG."),
    "svg renamed png": ("logo.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
                        "Chỉ nhận ảnh PNG hoặc JPEG."),
    "html renamed jpg": ("logo.jpg", b"<!DOCTYPE html><html><script>alert(1)</script></html>",
                         "Chỉ nhận ảnh PNG hoặc JPEG."),
    "truncated png": ("logo.png", real_png((400, 300))[:200], "Không đọc được ảnh"),
    "png signature then garbage": ("logo.png", b"\x89PNG\r\n\x1a\n" + garbage(), "Không đọc được ảnh"),
    "jpeg signature then garbage": ("logo.jpg", b"\xff\xd8\xff\xe0" + garbage(), "Không đọc được ảnh"),
    "huge declared dimensions": ("logo.png", png_with_size(100_000, 100_000), "tối đa 3000 × 3000 điểm ảnh"),
    "wide image": ("logo.png", real_png((4000, 10)), "tối đa 3000 × 3000 điểm ảnh"),
    "over 1 MB": ("logo.png", real_png() + b"\0" * (1024 * 1024), "Ảnh quá lớn: tối đa 1 MB."),
}


@pytest.mark.parametrize("case", list(BAD_LOGOS))
def test_a_bad_logo_is_refused_clearly_and_the_old_logo_stays(client, db, event, case):
    from eventapp.badges import branding

    branding.set_logo(event, real_png())
    filename, data, message = BAD_LOGOS[case]
    before = snapshot(db)
    url = f"/admin/e/{event.slug}/badges/logo"
    response = client.post(url, content_type="multipart/form-data", data={
        "csrf_token": csrf_token(client, url), "upload": "1", "logo": (io.BytesIO(data), filename)})
    assert response.status_code == 400
    assert message in shown(response)
    assert "<script>alert(1)</script>" not in response.get_data(as_text=True)
    assert snapshot(db) == before


# ----- a request over MAX_CONTENT_LENGTH ---------------------------------------------------------------

@pytest.mark.parametrize("url, field", [(i.url, "file") for i in IMPORTERS] + [
    ("/admin/e/{slug}/badges/logo", "logo")], ids=[i.name for i in IMPORTERS] + ["logo"])
def test_a_request_over_the_upload_limit_gets_the_apps_page(client, db, event, app, url, field):
    app.config["MAX_CONTENT_LENGTH"] = 50_000
    url = url.format(slug=event.slug)
    token = csrf_token(client, url)
    before = snapshot(db)
    response = client.post(url, content_type="multipart/form-data", data={
        "csrf_token": token, "upload": "1", field: (io.BytesIO(b"x" * 60_000), "ds.csv")})
    assert response.status_code == 413
    page = shown(response)
    assert "Tệp tải lên vượt quá dung lượng cho phép (tối đa 48,8 KB)." in page
    assert 'rel="stylesheet"' in page and "Về trang chủ" in page  # the app's layout, not a bare error
    assert snapshot(db) == before


def test_a_json_request_over_the_limit_gets_a_json_error(client, db, event, app):
    app.config["MAX_CONTENT_LENGTH"] = 50_000
    token = csrf_token(client, "/admin/")
    before = snapshot(db)
    response = client.post(f"/api/v1/events/{event.slug}/checkins/batch", data=b'{"scans": [' + b" " * 60_000 + b"]}",
                           headers={"X-CSRFToken": token, "Content-Type": "application/json"})
    assert response.status_code == 413
    assert response.get_json() == {"error": "Tệp tải lên vượt quá dung lượng cho phép (tối đa 48,8 KB).",
                                   "field": None}
    assert snapshot(db) == before


def test_nginx_answers_an_oversize_upload_with_the_apps_bilingual_page(client):
    """Beyond client_max_body_size nginx answers without the app: deploy/nginx.conf points its 413
    at a static page that exists and says what happened in Vietnamese and English."""
    import re
    from pathlib import Path

    conf = (Path(__file__).resolve().parents[2] / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    page_path = re.search(r"error_page 413 (\S+);", conf).group(1)
    page = client.get(page_path)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Tệp quá lớn" in text and "File too large" in text and "Không có gì thay đổi" in text
