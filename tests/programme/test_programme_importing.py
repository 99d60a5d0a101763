"""Importing recipients: a preview row by row, kept on the server, then one atomic commit."""
import io
import json

import pytest
from openpyxl import Workbook

from eventapp.errors import DomainError, NotFound
from eventapp.programme import awards, importing
from eventapp.programme.models import AwardRecipient


def csv_bytes(*lines, encoding="utf-8-sig"):
    return ("\n".join(lines) + "\n").encode(encoding)


def xlsx_bytes(rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def recipient_names(db):
    return sorted(db.session.execute(db.select(AwardRecipient.name)).scalars())


@pytest.fixture
def ceremony(db, make_event, app, tmp_path):
    event = make_event()
    flag = awards.create_category(event, name="Cờ thi đua", kind="flag")
    merit = awards.create_category(event, name="Giấy khen")
    awards.add_recipient(merit, name="Trần Văn Có Sẵn", organization="HTX Một")
    return event, flag, merit


def test_a_file_with_good_and_bad_rows_is_judged_row_by_row_and_writes_nothing(db, ceremony):
    event, flag, merit = ceremony
    data = csv_bytes(
        "Hình thức khen thưởng,Họ và tên,Chức vụ,Đơn vị,Tập thể",
        "Cờ thi đua,HTX Thủy sản Cát Bà,,,có",
        "Giấy khen,Trần Văn Có Sẵn,Giám đốc,HTX Một,",
        "Giấy khen,,Giám đốc,HTX Hai,",
        "Huân chương,Lê Văn Lạ,,,",
        "Giấy khen,Nguyễn Thị Mới,Kế toán,HTX Ba,không",
        "Giấy khen,Nguyễn Thị Mới,Kế toán,HTX Ba,",
        "Giấy khen,Phạm Văn Sai,,,có lẽ",
    )
    preview = importing.start_preview(event, "khen-thuong.csv", data)
    rows = {row.number: row for row in preview.rows}
    assert rows[2].status == "create" and rows[2].is_collective and rows[2].category_name == "Cờ thi đua"
    assert rows[3].status == "exists"
    assert rows[4].status == "error" and "họ và tên" in rows[4].reason.lower()
    assert rows[5].status == "error" and "Huân chương" in rows[5].reason
    assert rows[6].status == "create" and not rows[6].is_collective
    assert rows[7].status == "error" and "6" in rows[7].reason  # same as row 6
    assert rows[8].status == "error" and "Tập thể" in rows[8].reason
    assert preview.counts == {"create": 2, "exists": 1, "error": 4}
    assert not preview.can_commit
    assert recipient_names(db) == ["Trần Văn Có Sẵn"]  # the preview wrote nothing
    with pytest.raises(DomainError):
        importing.commit_preview(event, preview.token)
    assert recipient_names(db) == ["Trần Văn Có Sẵn"]  # nor did the refused commit


def test_a_clean_file_is_written_only_when_confirmed_and_all_at_once(db, ceremony, make_guest):
    event, flag, merit = ceremony
    guest = make_guest(event, full_name="Nguyễn Thị Mới", organization="HTX Ba")
    data = csv_bytes("Họ và tên;Chức vụ;Đơn vị", "Nguyễn Thị Mới;Kế toán;HTX Ba",
                     "Công ty A & B <HTX>;;", "Trần Văn Có Sẵn;Giám đốc;HTX Một")
    preview = importing.start_preview(event, "danh-sach.csv", data, default_category=merit)
    assert preview.counts == {"create": 2, "exists": 1, "error": 0} and preview.can_commit
    assert any("Nguyễn Thị Mới" in link for link in preview.rows[0].links)
    assert recipient_names(db) == ["Trần Văn Có Sẵn"]
    assert importing.commit_preview(event, preview.token) == 2
    db.session.expire_all()
    assert [(r.position, r.name) for r in merit.recipients] == [
        (1, "Trần Văn Có Sẵn"), (2, "Nguyễn Thị Mới"), (3, "Công ty A & B <HTX>")]
    assert merit.recipients[1].guest_id == guest.id
    with pytest.raises(NotFound):  # a preview is used once
        importing.commit_preview(event, preview.token)


def test_a_failure_in_the_middle_of_the_commit_writes_nothing(db, ceremony, monkeypatch):
    event, flag, merit = ceremony
    data = csv_bytes("Họ và tên", "Người Một", "Người Hai", "Người Ba")
    preview = importing.start_preview(event, "a.csv", data, default_category=flag)
    calls = {"n": 0}
    real = importing.add_recipient

    def failing(category, **values):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("the disk is full")
        return real(category, **values)

    monkeypatch.setattr(importing, "add_recipient", failing)
    with pytest.raises(RuntimeError):
        importing.commit_preview(event, preview.token)
    db.session.expire_all()
    assert recipient_names(db) == ["Trần Văn Có Sẵn"]


def test_the_commit_judges_again_what_changed_since_the_preview(db, ceremony):
    event, flag, merit = ceremony
    preview = importing.start_preview(event, "a.csv", csv_bytes("Tên", "Lê Văn Mới"), default_category=merit)
    awards.add_recipient(merit, name="Lê Văn Mới")  # someone typed it in meanwhile
    assert importing.commit_preview(event, preview.token) == 0
    assert recipient_names(db).count("Lê Văn Mới") == 1


def test_an_excel_file_reads_like_a_csv(db, ceremony):
    event, flag, merit = ceremony
    data = xlsx_bytes([["STT", "Họ và tên", "Đơn vị", "Tập thể", "Hình thức khen thưởng"],
                       [1, "HTX Dịch vụ nông nghiệp Quang Hưng", "Kiến Thụy", "x", "Cờ thi đua"],
                       [None, None, None, None, None],
                       [2, "Đinh Thùy Lan", "HTX Rau an toàn Tân Tiến", None, "giay khen"]])
    preview = importing.start_preview(event, "DANH-SACH.XLSX", data)
    assert [(r.number, r.status, r.category_name, r.is_collective) for r in preview.rows] == [
        (2, "create", "Cờ thi đua", True), (4, "create", "Giấy khen", False)]
    importing.commit_preview(event, preview.token)
    assert "Đinh Thùy Lan" in recipient_names(db)


def test_unreadable_files_are_refused_with_a_reason(db, ceremony):
    event = ceremony[0]
    with pytest.raises(DomainError, match="csv"):
        importing.start_preview(event, "anh.png", b"\x89PNG")
    with pytest.raises(DomainError, match="Họ và tên"):
        importing.start_preview(event, "a.csv", csv_bytes("Cột lạ,Khác", "1,2"))
    with pytest.raises(DomainError):
        importing.start_preview(event, "a.xlsx", b"not a workbook")


def test_a_windows_vietnamese_csv_is_read(db, ceremony):
    event, flag, merit = ceremony
    # Windows-1258 writes some tones as combining marks: "ễ" is "ê" then a combining tilde.
    data = csv_bytes("Tên", "Nguyê\u0303n Văn Tám", encoding="cp1258")
    preview = importing.start_preview(event, "a.csv", data, default_category=merit)
    assert preview.rows[0].values["name"] == "Nguyễn Văn Tám"  # stored composed (NFC)


def test_the_preview_is_kept_in_the_database_by_random_token_for_its_event_only(db, ceremony, make_event, app):
    from eventapp.previews import ImportPreview

    event, flag, merit = ceremony
    preview = importing.start_preview(event, "a.csv", csv_bytes("Tên", "Lê Văn Mới"), default_category=merit)
    row = db.session.get(ImportPreview, preview.token)
    assert (row.kind, row.event_id) == ("award_recipients", event.id)
    assert json.loads(row.payload)["rows"] == [[2, {"name": "Lê Văn Mới"}]]
    assert len(preview.token) >= 32
    with pytest.raises(NotFound):
        importing.load_preview(make_event(), preview.token)
    for forged in ("../../secret_key", "x", "a" * 200):
        with pytest.raises(NotFound):
            importing.load_preview(event, forged)
    importing.discard_preview(event, preview.token)
    with pytest.raises(NotFound):
        importing.load_preview(event, preview.token)
