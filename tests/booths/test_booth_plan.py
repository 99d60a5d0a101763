"""The floor plan: editing, CSV import (all or nothing, an error per bad row), the SVG drawing,
the PDF and the directory CSV."""
import re
import shutil
import subprocess
from types import SimpleNamespace

import pytest

from eventapp.booths import placement, plan
from eventapp.booths.directory import DirectoryRow, directory_csv, directory_rows
from eventapp.booths.plan_pdf import draw_floor_plan, render_plan_pdf
from eventapp.booths.svg import render_plan_svg
from eventapp.errors import Conflict, DomainError
from eventapp.pdf.fonts import register_fonts

GOOD_CSV = """code,zone,x,y,width,height,corner,power,water
A01,Nông nghiệp,0,0,3,3,1,1,0
A02,Nông nghiệp,3,0,3,3,0,có,không
B01,Thủy sản,0,"6,5",3,3,,x,1
"""


def test_booths_are_edited_without_overlaps_or_duplicate_codes(db, booth_event):
    a1 = plan.save_booth(booth_event, code="a01", zone=" Nông  nghiệp ", x=0, y=0, width=3, height=3)
    assert (a1.code, a1.zone, a1.status) == ("A01", "Nông nghiệp", "free")
    with pytest.raises(DomainError, match="chồng lên gian A01"):
        plan.save_booth(booth_event, code="A02", x=2, y=1, width=3, height=3)
    with pytest.raises(Conflict, match="Đã có gian hàng mã A01"):
        plan.save_booth(booth_event, code="A01", x=10, y=0, width=3, height=3)
    db.session.rollback()
    with pytest.raises(DomainError, match="Kích thước"):
        plan.save_booth(booth_event, code="A03", x=10, y=0, width=0, height=3)
    plan.save_booth(booth_event, a1, code="A01", zone="Thủy sản", x=1, y=0, width=3, height=3, has_water=True,
                    status="held")
    assert (a1.zone, a1.x, a1.has_water, a1.status) == ("Thủy sản", 1, True, "held")


def test_an_assigned_booth_cannot_be_deleted(db, booth_event, row_of_booths, make_application):
    [booth] = row_of_booths(booth_event, 1)
    placement.assign(booth, make_application(booth_event, "HTX Một"))
    with pytest.raises(Conflict, match="HTX Một"):
        plan.delete_booth(booth)


def test_csv_import_creates_and_updates(db, booth_event, make_booth):
    make_booth(booth_event, "A01", zone="Cũ", x=0, y=0)
    created, updated = plan.import_plan(booth_event, ("\ufeff" + GOOD_CSV).encode("utf-8"))
    assert (created, updated) == (2, 1)
    booths = {b.code: b for b in plan.list_booths(booth_event)}
    assert booths["A01"].zone == "Nông nghiệp" and booths["A01"].is_corner and booths["A01"].has_power
    assert booths["A02"].has_power and not booths["A02"].has_water
    assert booths["B01"].y == 6.5 and booths["B01"].has_water and not booths["B01"].is_corner
    # And the export reads back in unchanged.
    assert plan.import_plan(booth_event, plan.plan_csv(booth_event).encode("utf-8")) == (0, 3)


def test_csv_import_is_all_or_nothing_with_an_error_per_bad_row(db, booth_event):
    bad = """code;zone;x;y;width;height;corner;power;water
A01;Nông nghiệp;0;0;3;3;1;1;0
A02;Nông nghiệp;ba;0;3;3;0;0;0
A03;Nông nghiệp;6;0;-3;3;0;0;0
A04;Nông nghiệp;9;0;3;3;có lẽ;0;0
A01;Nông nghiệp;12;0;3;3;0;0;0
"""
    with pytest.raises(plan.PlanImportError) as info:
        plan.import_plan(booth_event, bad.encode("utf-8"))
    errors = info.value.errors
    assert len(errors) == 4
    assert errors[0].startswith("Dòng 3:") and "x" in errors[0]
    assert errors[1].startswith("Dòng 4:") and "Kích thước" in errors[1]
    assert errors[2].startswith("Dòng 5:") and "corner" in errors[2]
    assert errors[3].startswith("Dòng 6:") and "A01" in errors[3]
    assert plan.list_booths(booth_event) == []
    with pytest.raises(plan.PlanImportError, match="1 lỗi") as info:
        plan.import_plan(booth_event, b"code,zone,x,y,width,height,corner,power,water\nA01,,0,0,3,3,0,0,0\n"
                                      b"A02,,1,1,3,3,0,0,0\n")
    assert "chồng lên" in info.value.errors[0]
    with pytest.raises(plan.PlanImportError, match="1 lỗi") as info:
        plan.import_plan(booth_event, b"ma,khu\nA01,X\n")
    assert "Thiếu cột" in info.value.errors[0]


def test_a_broken_quote_and_an_overlap_are_reported_with_the_other_errors(db, booth_event):
    bad = ('code,zone,x,y,width,height,corner,power,water\n'
           'A01,KHU,0,0,3,3,0,0,0\n'
           'A02,KHU,1,0,3,3,0,0,0\n'            # overlaps A01
           'A03,KHU,x,0,3,3,0,0,0\n'            # not a number
           '"Z01,KHU",20,0,3,3,0,0,0\n'         # a quoted comma: not a booth code
           '"Z02,KHU,30,0,3,3,0,0,0\n'          # a quote never closed swallows the rest
           'A04,KHU,40,0,3,3,0,0,0\n')
    with pytest.raises(plan.PlanImportError, match="4 lỗi") as info:
        plan.import_plan(booth_event, bad.encode("utf-8"))
    errors = info.value.errors
    assert errors[0] == "Dòng 3: gian A01 chồng lên gian A02."
    assert errors[1].startswith("Dòng 4: cột x không phải là số")
    assert errors[2].startswith('Dòng 5: Mã gian hàng "Z01,KHU" có dấu phẩy')
    assert errors[3].startswith("Dòng 6: một dấu ngoặc kép mở ở dòng này chưa được đóng")
    assert plan.list_booths(booth_event) == []


def fake_booth(i, code, x, status="free", zone="Nông nghiệp"):
    return SimpleNamespace(id=i, code=code, zone=zone, x=x, y=0.0, width=3.0, height=3.0, plan_status=status)


def test_svg_plan_zooms_colours_and_links_without_inline_styles():
    booths = [fake_booth(1, "A01", 0, "assigned"), fake_booth(2, "A02", 3), fake_booth(3, "B01", 6, zone="Thủy sản")]
    svg = render_plan_svg(booths, {1: "HTX <Nông nghiệp> Tân Dương"}, mode="zone", highlight={1},
                          links={2: "/exhibitor/booths/2/pick"}, selectable={2}, aria_label="Sơ đồ")
    assert re.search(r'viewBox="-1 -1 11 5"', svg)
    assert "style=" not in svg and "<script" not in svg
    assert 'class="booth st-assigned mine"' in svg and 'class="booth st-free open"' in svg
    assert svg.count('fill="#') == 3
    assert "<title>A01 – HTX &lt;Nông nghiệp&gt; Tân Dương</title>" in svg
    assert '<a href="/exhibitor/booths/2/pick"' in svg
    assert 'role="group" aria-label="Sơ đồ"' in svg  # links inside an image would be hidden from screen readers
    by_status = render_plan_svg(booths)
    assert "plan-status" in by_status and 'fill="#' not in by_status and 'role="img"' in by_status


def pdf_text(data, tmp_path):
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "plan.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_plan_pdf_draws_booths_and_the_directory_as_text(tmp_path):
    regular, bold = register_fonts()
    booths = [fake_booth(1, "A01", 0, "assigned"), fake_booth(2, "A02", 3), fake_booth(3, "B01", 6, zone="Thủy sản")]
    rows = [DirectoryRow(["A01"], "HTX Nông nghiệp Tân Dương", "Nông nghiệp", "Gạo nếp cái hoa vàng")]
    data = render_plan_pdf("Sơ đồ gian hàng – Ngày hội HTX", "Hải Phòng", booths, {1: "HTX Nông nghiệp Tân Dương"},
                           rows, regular, bold, directory_title="Danh sách đơn vị trưng bày")
    assert data.startswith(b"%PDF") and b"/Subtype /Image" not in data   # vector drawing, no bitmap
    text = pdf_text(data, tmp_path)
    for expected in ("Sơ đồ gian hàng – Ngày hội HTX", "A01", "B01", "Thủy sản", "Gạo nếp cái hoa vàng",
                     "Danh sách đơn vị trưng bày"):
        assert expected in text


def test_draw_floor_plan_stays_inside_its_box():
    """The programme PDF gives a box; nothing may be drawn outside it."""
    calls = []

    class Canvas:
        def __getattr__(self, name):
            return lambda *args, **kwargs: calls.append((name, args))

        def stringWidth(self, text, font, size):
            return len(text) * size * 0.5

    booths = [fake_booth(i, f"A{i:02d}", 3.0 * i) for i in range(1, 21)]
    draw_floor_plan(Canvas(), booths, {1: "HTX Một"}, 100, 200, 300, 150, "NotoSans", "NotoSans-Bold")
    rects = [args for name, args in calls if name == "rect"]
    assert len(rects) >= 20
    for x, y, w, h in (r[:4] for r in rects):
        assert x >= 100 and x + w <= 400.01 and y >= 200 and y + h <= 350.01


def test_directory_csv_has_a_bom_and_neutralises_formulas(db, booth_event, row_of_booths, make_application):
    a1, a2, a3 = row_of_booths(booth_event, 3)
    bold = make_application(booth_event, "=HYPERLINK(\"http://x\")", wanted=2, products="+Nước mắm, Chả mực")
    placement.assign(a2, bold)
    placement.assign(a3, bold)
    placement.assign(a1, make_application(booth_event, "HTX Mật ong", products="Mật ong"))
    rows = directory_rows(booth_event)
    assert [(r.booths, r.cooperative) for r in rows] == [("A01", "HTX Mật ong"), ("A02, A03", "=HYPERLINK(\"http://x\")")]
    data = directory_csv(rows)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "A02,\"'=HYPERLINK(\"\"http://x\"\")\",Nông nghiệp,\"'+Nước mắm, Chả mực\"" in text
    assert text.count("\n") == 4  # header and one line per booth


def test_plan_pdf_text_is_never_under_6_pt_and_booths_too_small_are_numbered_in_the_key(tmp_path):
    from io import BytesIO

    from pypdf import PdfReader

    regular, bold = register_fonts()
    # A long hall of tiny booths: at A4 landscape scale they cannot hold even their code at 6 pt.
    booths = [SimpleNamespace(id=i, code=f"K{i:03d}", zone="Nông nghiệp", x=1.3 * i, y=0.0, width=1.0, height=1.0,
                              plan_status="assigned") for i in range(1, 61)]
    big = SimpleNamespace(id=999, code="Z01", zone="Thủy sản", x=0.0, y=2.0, width=30.0, height=6.0,
                          plan_status="assigned")
    labels = {i: f"HTX Nông nghiệp số {i}" for i in range(1, 61)}
    labels[999] = "HTX Thủy sản Cát Hải"
    data = render_plan_pdf("Sơ đồ gian hàng", "Hải Phòng", [*booths, big], labels, [], regular, bold,
                           author="Liên minh HTX thành phố Hải Phòng")
    sizes = []
    PdfReader(BytesIO(data)).pages[0].extract_text(
        visitor_text=lambda text, cm, tm, font, size: text.strip() and sizes.append((text.strip(), size * tm[3])))
    assert min(size for _text, size in sizes) >= 6, min(sizes, key=lambda s: s[1])
    text = pdf_text(data, tmp_path)
    assert "Chú thích" in text
    assert "K001: HTX Nông nghiệp số 1" in text and "K060: HTX Nông nghiệp số 60" in text  # number -> booth
    assert "Z01" in text and "HTX Thủy sản Cát Hải" in text  # a booth large enough keeps its name
    info = PdfReader(BytesIO(data)).metadata
    assert info.author == "Liên minh HTX thành phố Hải Phòng" and info.title == "Sơ đồ gian hàng"
