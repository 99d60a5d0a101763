"""Import of invited delegates (preview, then all or nothing) and export (CSV, XLSX) that imports back."""
import csv
import io
import re

from openpyxl import Workbook, load_workbook

from eventapp.registration import services
from eventapp.registration.models import Guest
from tests.conftest import csrf_token

HEADER = ["Họ và tên", "Email", "Số điện thoại", "Đơn vị công tác", "Chức vụ", "Thành phần"]


def _csv(rows, header=HEADER):
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    return out.getvalue().encode("utf-8")


def _xlsx(rows, header=HEADER):
    workbook = Workbook()
    for row in [header, *rows]:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _upload(client, event, data, filename, category=None):
    path = f"/admin/e/{event.slug}/guests/import"
    token = csrf_token(client, path)
    return client.post(path, data={"csrf_token": token, "category": str((category or event.categories[0]).id),
                                   "file": (io.BytesIO(data), filename)}, content_type="multipart/form-data")


def _confirm(client, location, send_email=True):
    data = {"csrf_token": csrf_token(client, location)}
    if send_email:
        data["send_email"] = "y"
    return client.post(location, data=data)


def _guests(db):
    return db.session.execute(db.select(Guest).order_by(Guest.id)).scalars().all()


def test_preview_tells_row_by_row_and_writes_nothing(client, db, make_event, admin):
    event = make_event(categories=("dai-bieu", "htx"))
    services.register_guest(event, event.categories[0], full_name="Trần Văn An", email="an@example.org")
    data = _csv([
        ["Nguyễn Mạnh Cường", "cuong@example.org", "0912 345 678", "Liên minh HTX", "Phó Chủ tịch", "hang HTX"],
        ["Trần Văn An", "AN@example.org", "", "", "", ""],
        ["", "x@example.org", "", "", "", ""],
        ["Lê Thị Hoa", "hoa@", "", "", "", ""],
        ["Phạm Bình", "", "12", "", "", ""],
        ["Đỗ Hà", "ha@example.org", "", "", "", "Không có"],
        ["Vũ Nam", "nam@example.org", "+84912345678", "", "", ""],
    ])
    response = _upload(client, event, data, "khach-moi.csv")
    assert response.status_code == 302
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "2 Tạo mới Nguyễn Mạnh Cường cuong@example.org 0912 345 678 Hạng htx" in text
    assert "3 Trùng khách đã có Trần Văn An" in text
    assert "4 Lỗi" in text and "Vui lòng nhập họ và tên." in text
    assert "5 Lỗi" in text and "Email: Địa chỉ email không hợp lệ." in text
    assert "6 Lỗi" in text and "Số điện thoại: Số điện thoại không hợp lệ." in text
    assert "7 Lỗi" in text and "Không có thành phần «Không có»" in text
    assert "8 Lỗi" in text and "Trùng email hoặc số điện thoại với dòng 2." in text
    assert "Xác nhận nhập" not in html  # a file with errors is corrected and uploaded again
    assert len(_guests(db)) == 1

    refused = _confirm(client, response.headers["Location"])
    refused_text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", refused.get_data(as_text=True)))
    assert refused.status_code == 409 and "5 Lê Thị Hoa · hoa@ Email: Địa chỉ email không hợp lệ." in refused_text
    assert len(_guests(db)) == 1


def test_confirmed_xlsx_import_creates_invited_guests_and_mails_them(client, db, make_event, admin, outbox):
    event = make_event(categories=("dai-bieu", "bao-chi"))
    event.categories[1].requires_approval = True
    db.session.commit()
    data = _xlsx([
        ["Nguyễn Mạnh Cường", "cuong@example.org", 912345678, "Liên minh HTX", "Phó Chủ tịch", "bao-chi"],
        ["Lê Thị Hoa", "", "0988 777 666", "HTX Cát Bà", "Giám đốc", ""],
    ])
    preview = _upload(client, event, data, "moi.xlsx").headers["Location"]
    assert "Xác nhận nhập 2 khách" in client.get(preview).get_data(as_text=True)
    assert _guests(db) == []
    done = _confirm(client, preview)
    assert done.status_code == 303 and "/jobs/" in done.location  # written in the background
    assert "Đã nhập 2 khách" in client.get(done.location).get_data(as_text=True)
    cuong, hoa = _guests(db)
    assert (cuong.phone, cuong.category.code, cuong.status, cuong.source) == ("+84912345678", "bao-chi", "registered", "import")
    assert cuong.approved_at is not None  # invited by the organisers: no approval step
    assert (hoa.phone, hoa.email, hoa.category.code) == ("+84988777666", None, "dai-bieu")
    assert [m["to"] for m in outbox()] == ["cuong@example.org"] and "Thư mời" in outbox()[0]["subject"]
    assert client.get(preview).status_code == 302  # the preview is gone once used


def test_import_is_all_or_nothing_when_the_database_changed_since_the_preview(client, db, make_event, admin):
    event = make_event()
    preview = _upload(client, event, _csv([
        ["Nguyễn Mạnh Cường", "cuong@example.org", "", "", "", ""],
        ["Lê Thị Hoa", "hoa@example.org", "", "", "", ""],
        ["Trần Văn An", "an@example.org", "", "", "", ""],
    ]), "moi.csv").headers["Location"]
    # Someone registers with the third row's e-mail between the preview and the confirmation.
    services.register_guest(event, event.categories[0], full_name="Trần An", email="an@example.org")
    failed = _confirm(client, preview)
    assert failed.status_code == 303  # the rows are checked again when the job writes them
    html = client.get(failed.location).get_data(as_text=True)
    assert "Không thành công" in html and "Đã có khách: Trần An" in html and "Chưa có khách nào được ghi" in html
    assert [g.email for g in _guests(db)] == ["an@example.org"]


def test_import_refuses_a_file_without_the_needed_columns(client, db, make_event, admin):
    event = make_event()
    response = _upload(client, event, _csv([["a", "b"]], header=["Cột 1", "Cột 2"]), "sai.csv")
    assert response.status_code == 400 and "Họ và tên" in response.get_data(as_text=True)
    broken = _upload(client, event, b"not a zip", "hong.xlsx")
    assert broken.status_code == 400 and "Không đọc được tệp Excel (.xlsx)" in broken.get_data(as_text=True)
    assert _upload(client, event, b"x", "anh.png").status_code == 400
    huge = _upload(client, event, b"Ho va ten,Email\n" + b"a" * 200_000 + b",x@example.org\n", "to.csv")
    assert huge.status_code == 400 and "Dòng 2 của tệp CSV có một ô quá dài" in huge.get_data(as_text=True)


def test_csv_export_has_a_bom_diacritics_and_check_in_status(client, db, make_event, admin, checked_in):
    event = make_event()
    a = services.register_guest(event, event.categories[0], full_name="Nguyễn Mạnh Cường",
                                email="c@example.org", phone="0912345678")
    services.register_guest(event, event.categories[0], full_name="Lê Thị Hoa", email="h@example.org")
    checked_in.add(a.id)
    response = client.get(f"/admin/e/{event.slug}/guests.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.data
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Họ và tên", "Email", "Số điện thoại"] and "Đã check-in" in rows[0]
    by_name = {r[0]: dict(zip(rows[0], r)) for r in rows[1:]}
    assert by_name["Nguyễn Mạnh Cường"]["Số điện thoại"] == "0912 345 678"
    assert by_name["Nguyễn Mạnh Cường"]["Đã check-in"] == "Có" and by_name["Lê Thị Hoa"]["Đã check-in"] == "Không"


def test_exports_neutralise_spreadsheet_formulas(client, db, make_event, admin):
    event = make_event()
    services.register_guest(event, event.categories[0], full_name='=HYPERLINK("http://x.example","bấm")',
                            email="x@example.org", organization="+cmd|' /C calc'!A0", position="@SUM(1+1)")
    services.register_guest(event, event.categories[0], full_name="-2+3", email="y@example.org")
    rows = list(csv.reader(io.StringIO(client.get(f"/admin/e/{event.slug}/guests.csv").data.decode("utf-8-sig"))))
    cells = [cell for row in rows[1:] for cell in row]
    assert '\'=HYPERLINK("http://x.example","bấm")' in cells and "'+cmd|' /C calc'!A0" in cells
    assert "'@SUM(1+1)" in cells and "'-2+3" in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)

    sheet = load_workbook(io.BytesIO(client.get(f"/admin/e/{event.slug}/guests.xlsx").data)).active
    values = [c for row in sheet.iter_rows(min_row=2) for c in row]
    assert all(c.data_type != "f" for c in values)
    assert {c.value for c in values} >= {'\'=HYPERLINK("http://x.example","bấm")', "'-2+3"}


def _round_trip(client, db, make_event, kind, admin_fixture_unused=None):
    source = make_event(categories=("dai-bieu", "htx"))
    services.register_guest(source, source.categories[0], full_name="Nguyễn Mạnh Cường", email="c@example.org",
                            phone="0912 345 678", organization="Liên minh HTX Việt Nam", position="Phó Chủ tịch")
    services.register_guest(source, source.categories[1], full_name="=Lê Thị Hoa", phone="+1 202 555 0143",
                            organization="HTX Đồng Bài")
    exported = client.get(f"/admin/e/{source.slug}/guests.{kind}").data

    again = client.get(_upload(client, source, exported, f"xuat.{kind}").headers["Location"]).get_data(as_text=True)
    assert "Sẽ tạo mới</dt><dd>0" in again and "Trùng khách đã có</dt><dd>2" in again

    target = make_event(categories=("dai-bieu", "htx"))
    preview = _upload(client, target, exported, f"xuat.{kind}", category=target.categories[0]).headers["Location"]
    assert _confirm(client, preview, send_email=False).status_code == 303
    fields = ("full_name", "email", "phone", "organization", "position")
    copied = {tuple(getattr(g, f) for f in fields) + (g.category.code,)
              for g in _guests(db) if g.event_id == target.id}
    original = {tuple(getattr(g, f) for f in fields) + (g.category.code,)
                for g in _guests(db) if g.event_id == source.id}
    assert copied == original and len(copied) == 2


def test_csv_export_round_trips_through_import(client, db, make_event, admin):
    _round_trip(client, db, make_event, "csv")


def test_xlsx_export_round_trips_through_import(client, db, make_event, admin):
    _round_trip(client, db, make_event, "xlsx")
