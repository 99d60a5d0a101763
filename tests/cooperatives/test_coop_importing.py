"""Importing the registry: preview row by row, merge into existing units, all or nothing."""
import io
import json

import pytest

from eventapp.audit import AuditEntry
from eventapp.cooperatives import importing
from eventapp.cooperatives.models import Cooperative
from eventapp.errors import DomainError, NotFound
from eventapp.previews import ImportPreview

from .conftest import csv_bytes, names

HEADER = ["Tên HTX", "Tên viết tắt", "Loại hình", "Quận huyện", "Ngành", "Sản phẩm", "Người đại diện", "Email",
          "Điện thoại", "Năm kết nạp", "Tiêu biểu"]


@pytest.fixture
def tan_duong(organiser, add_coop):
    return add_coop(organiser, "Hợp tác xã Nông nghiệp Tân Dương", district="Thủy Nguyên", sector="Nông nghiệp")


def preview_of(organiser, rows, header=HEADER, filename="htx.csv"):
    return importing.build_preview(organiser, filename, csv_bytes([header] + rows))


def test_a_duplicate_spelt_without_diacritics_is_proposed_for_merging(db, organiser, tan_duong):
    preview = preview_of(organiser, [
        ["HTX nong nghiep Tan Duong", "", "HTX", "thuy nguyen", "", "Rau, gạo", "Phạm Văn Tư", "", "0912345678",
         "2018", "có"],
        ["HTX Thủy sản Lập Lễ", "", "", "Thủy Nguyên", "Thủy sản", "Cá, tôm", "", "", "", "", ""],
    ])
    merge, new = preview.rows
    assert (merge.row, merge.action, merge.existing_id, merge.can_separate) == (2, "merge", tan_duong.id, True)
    assert merge.fills == ["products", "representative", "phone", "member_since", "is_priority"]
    assert (new.row, new.action) == (3, "new")
    assert db.session.execute(db.select(db.func.count()).select_from(Cooperative)).scalar_one() == 1

    result = importing.confirm_import(organiser, preview.token)
    assert (result.created, result.merged, result.filled) == (1, 1, 1)
    db.session.expire_all()
    kept = db.session.get(Cooperative, tan_duong.id)
    # Merged: no new row for Tân Dương; its empty fields filled, its own ones kept as they were.
    assert names(organiser) == ["Hợp tác xã Nông nghiệp Tân Dương", "HTX Thủy sản Lập Lễ"]
    assert (kept.name, kept.sector, kept.products, kept.phone, kept.member_since, kept.is_priority) == (
        "Hợp tác xã Nông nghiệp Tân Dương", "Nông nghiệp", "Rau, gạo", "+84912345678", 2018, True)
    entry = db.session.execute(db.select(AuditEntry).filter_by(action="cooperative.import")).scalar_one()
    details = json.loads(entry.details)
    assert (details["created"], details["merged"], details["filled"], details["file"]) == (1, 1, 1, "htx.csv")
    assert entry.organiser_id == organiser.id
    with pytest.raises(NotFound):  # a preview is used up by its import
        importing.confirm_import(organiser, preview.token)


def test_unticking_merge_creates_a_separate_record(db, organiser, tan_duong):
    preview = preview_of(organiser, [["HTX nong nghiep Tan Duong", "", "", "Thuy Nguyen"]])
    result = importing.confirm_import(organiser, preview.token, merge=set())
    assert (result.created, result.merged) == (1, 0)
    assert sorted(names(organiser)) == sorted(["Hợp tác xã Nông nghiệp Tân Dương", "HTX nong nghiep Tan Duong"])


def test_the_exact_same_name_and_district_can_only_merge(db, organiser, tan_duong):
    preview = preview_of(organiser, [["Hợp tác xã Nông nghiệp Tân Dương", "", "", "Thủy Nguyên"]])
    assert preview.rows[0].can_separate is False
    result = importing.confirm_import(organiser, preview.token, merge=set())
    assert (result.created, result.merged) == (0, 1)


def test_a_repeat_of_an_earlier_row_is_shown_and_left_out(db, organiser):
    preview = preview_of(organiser, [["HTX Gốm Dương Kinh", "", "", "Dương Kinh"],
                                     ["Hợp tác xã gốm duong kinh", "", "", "DƯƠNG KINH"]])
    assert [(r.action, r.duplicate_of) for r in preview.rows] == [("new", None), ("duplicate", 2)]
    result = importing.confirm_import(organiser, preview.token)
    assert (result.created, result.skipped) == (1, 1)
    assert names(organiser) == ["HTX Gốm Dương Kinh"]


def test_a_broken_row_shows_its_name_and_every_error(db, organiser):
    preview = preview_of(organiser, [
        ["HTX Mây tre đan Chính Mỹ", "", "Công ty", "Thủy Nguyên", "", "", "", "mail@", "123", "1800", "chắc chắn"],
        ["HTX Thủy sản Lập Lễ", "", "", "Thủy Nguyên"],
    ])
    broken = preview.rows[0]
    assert (broken.action, broken.name) == ("error", "HTX Mây tre đan Chính Mỹ")
    assert [e.split(":")[0] for e in broken.errors] == ["Loại hình", "Email", "Điện thoại", "Năm kết nạp", "Tiêu biểu"]
    # The error row stops the whole import: nothing is written, and the preview stays to be fixed.
    with pytest.raises(importing.ImportFailed) as caught:
        importing.confirm_import(organiser, preview.token)
    assert caught.value.errors == [(2, "HTX Mây tre đan Chính Mỹ", broken.errors)]
    assert names(organiser) == []
    # Left out by the organiser, the other rows go in.
    result = importing.confirm_import(organiser, preview.token, skip={2})
    assert (result.created, result.skipped) == (1, 1)
    assert names(organiser) == ["HTX Thủy sản Lập Lễ"]


def test_a_row_without_a_name_is_an_error(db, organiser):
    preview = preview_of(organiser, [["", "", "", "Kiến An", "Nông nghiệp"], ["HTX A", "", "", ""]])
    assert preview.rows[0].action == "error" and "Tên HTX" in preview.rows[0].errors[0]


def test_a_discarded_preview_writes_nothing(db, organiser):
    preview = preview_of(organiser, [["HTX Vận tải Kiến An", "", "", "Kiến An"]])
    importing.discard_preview(organiser, preview.token)
    with pytest.raises(NotFound):
        importing.confirm_import(organiser, preview.token)
    assert names(organiser) == []
    assert db.session.execute(db.select(db.func.count()).select_from(ImportPreview)).scalar_one() == 0


def test_english_headers_and_an_xlsx_file(db, organiser):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["name", "district", "kind", "featured", "member_since", "phone"])
    book.active.append(["HTX Rau an toàn Đông Sơn", "Thủy Nguyên", "Liên hiệp HTX", "yes", 2010, 912345678])
    out = io.BytesIO()
    book.save(out)
    preview = importing.build_preview(organiser, "htx.xlsx", out.getvalue())
    row = preview.rows[0]
    assert row.action == "new", row.errors
    assert (row.values["kind"], row.values["is_priority"], row.values["member_since"], row.values["phone"]) == (
        "Liên hiệp hợp tác xã", True, 2010, "+84912345678")


@pytest.mark.parametrize("data, words", [
    (csv_bytes([["Họ và tên", "Email"], ["A", "a@example.org"]]), "Tên HTX"),
    (b"", "trống"),
    (csv_bytes([HEADER]), "không có dòng"),
])
def test_a_file_that_is_no_list_of_cooperatives_is_refused(db, organiser, data, words):
    with pytest.raises(DomainError) as caught:
        importing.build_preview(organiser, "htx.csv", data)
    assert caught.value.field == "file" and words.lower() in caught.value.message.lower()


def test_a_merge_target_removed_since_the_preview_stops_the_import(db, organiser, tan_duong):
    preview = preview_of(organiser, [["HTX nong nghiep Tan Duong", "", "", "Thuy Nguyen"], ["HTX Mới", "", "", ""]])
    db.session.delete(tan_duong)
    db.session.commit()
    with pytest.raises(importing.ImportFailed) as caught:
        importing.confirm_import(organiser, preview.token)
    assert caught.value.errors[0][0] == 2
    assert names(organiser) == []


def test_a_preview_belongs_to_its_organiser(db, organiser, make_organiser):
    preview = preview_of(organiser, [["HTX Vận tải Kiến An", "", "", "Kiến An"]])
    with pytest.raises(NotFound):
        importing.confirm_import(make_organiser(), preview.token)
