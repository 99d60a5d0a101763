"""`flask cooperatives list|import|export`: the registry from a terminal, with clear refusals."""
import csv
import io

from eventapp.previews import ImportPreview

from .conftest import csv_bytes, names

HEADER = ["Tên HTX", "Quận huyện", "Email"]


def test_list_prints_the_organisers_cooperatives_in_order(runner, organiser, add_coop, make_organiser):
    add_coop(organiser, "HTX Vận tải Kiến An", district="Kiến An", is_priority=True)
    add_coop(organiser, "Hợp tác xã Ấp Bắc", district="An Lão")
    add_coop(make_organiser(), "HTX của đơn vị khác")
    result = runner.invoke(args=["cooperatives", "list", organiser.slug])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "Hợp tác xã Ấp Bắc" in lines[0] and "HTX Vận tải Kiến An" in lines[1] and "[tiêu biểu]" in lines[1]
    assert lines[-1] == "2 hợp tác xã." and "đơn vị khác" not in result.output


def test_an_unknown_organiser_is_a_clear_message(runner, db):
    result = runner.invoke(args=["cooperatives", "list", "khong-co"])
    assert result.exit_code == 1 and "Không có đơn vị tổ chức “khong-co”." in result.output
    assert "Traceback" not in result.output


def test_import_prints_the_preview_and_asks(runner, db, organiser, add_coop, tmp_path):
    add_coop(organiser, "Hợp tác xã Nông nghiệp Tân Dương", district="Thủy Nguyên")
    path = tmp_path / "htx.csv"
    path.write_bytes(csv_bytes([HEADER, ["HTX nong nghiep Tan Duong", "Thuy Nguyen", "td@example.vn"],
                                ["HTX Vận tải Kiến An", "Kiến An", ""]]))
    declined = runner.invoke(args=["cooperatives", "import", organiser.slug, str(path)], input="n\n")
    assert "1 mới, 1 trùng hợp tác xã đã có" in declined.output
    assert "Dòng 2: HTX nong nghiep Tan Duong → Hợp tác xã Nông nghiệp Tân Dương, bổ sung: Email" in declined.output
    assert "chưa có gì được ghi" in declined.output and names(organiser) == ["Hợp tác xã Nông nghiệp Tân Dương"]
    unanswered = runner.invoke(args=["cooperatives", "import", organiser.slug, str(path)], input="")
    assert unanswered.exit_code == 1 and names(organiser) == ["Hợp tác xã Nông nghiệp Tân Dương"]
    assert db.session.execute(db.select(db.func.count()).select_from(ImportPreview)).scalar_one() == 0
    done = runner.invoke(args=["cooperatives", "import", organiser.slug, str(path), "--yes"])
    assert done.exit_code == 0, done.output
    assert "Đã nhập: 1 mới, 1 gộp vào hợp tác xã đã có (1 được bổ sung)" in done.output
    assert names(organiser) == ["Hợp tác xã Nông nghiệp Tân Dương", "HTX Vận tải Kiến An"]


def test_import_with_an_error_row_writes_nothing_unless_told_to_skip(runner, organiser, tmp_path):
    path = tmp_path / "htx.csv"
    path.write_bytes(csv_bytes([HEADER, ["HTX Lỗi", "", "sai@"], ["HTX Đúng", "", ""]]))
    refused = runner.invoke(args=["cooperatives", "import", organiser.slug, str(path), "--yes"])
    assert refused.exit_code == 1 and "Dòng 2 (HTX Lỗi): Email: Địa chỉ email không hợp lệ." in refused.output
    assert "Chưa có gì được ghi." in refused.output and names(organiser) == []
    skipped = runner.invoke(args=["cooperatives", "import", organiser.slug, str(path), "--yes", "--skip-errors"])
    assert skipped.exit_code == 0 and names(organiser) == ["HTX Đúng"]


def test_import_of_an_unreadable_file_is_a_clear_message(runner, organiser, tmp_path):
    path = tmp_path / "htx.xlsx"
    path.write_bytes(b"not a spreadsheet")
    result = runner.invoke(args=["cooperatives", "import", organiser.slug, str(path), "--yes"])
    assert result.exit_code == 1 and "Không đọc được tệp Excel" in result.output and "Traceback" not in result.output


def test_export_writes_csv_or_xlsx_and_refuses_another_name(runner, organiser, add_coop, tmp_path):
    add_coop(organiser, "HTX Vận tải Kiến An", district="Kiến An")
    out = tmp_path / "htx.csv"
    result = runner.invoke(args=["cooperatives", "export", organiser.slug, "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    assert rows[0][0] == "Tên HTX" and rows[1][:4] == ["HTX Vận tải Kiến An", "", "Hợp tác xã", "Kiến An"]
    assert runner.invoke(args=["cooperatives", "export", organiser.slug, "-o", str(tmp_path / "h.xlsx")]).exit_code == 0
    assert (tmp_path / "h.xlsx").read_bytes().startswith(b"PK")
    wrong = runner.invoke(args=["cooperatives", "export", organiser.slug, "-o", str(tmp_path / "h.pdf")])
    assert wrong.exit_code == 1 and "phải kết thúc bằng .csv hoặc .xlsx" in wrong.output
    missing_dir = runner.invoke(args=["cooperatives", "export", organiser.slug, "-o", str(tmp_path / "no" / "h.csv")])
    assert missing_dir.exit_code == 1 and "Không ghi được tệp" in missing_dir.output
