"""The layout engine on its own: text stays in its box, the office margin and the print shop's
bleed, rotation and alignment, and the parts drawn once per category."""
from io import BytesIO

import pytest
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from eventapp.badges.fitting import Painter
from eventapp.layouts.document import validate
from eventapp.layouts.draw import draw_layout, is_guest_element
from eventapp.pdf.fonts import register_fonts

FONTS = register_fonts()
LONG = "Nguyễn Thị Phương Thảo Hoàng Lê Minh Khánh Tôn Nữ Ngọc Bảo Châu Huyền Trang Diệp"


def layout(*elements, width=100, height=60):
    return validate({"version": 1, "page": {"width_mm": width, "height_mm": height, "bleed_mm": 3},
                     "elements": list(elements)})


def draw(doc, values=None, **options):
    canvas = Canvas(BytesIO(), pagesize=(doc["page"]["width_mm"] * mm, doc["page"]["height_mm"] * mm))
    trace = []
    painter = Painter(canvas, trace)
    ops = []
    original = canvas.rect
    canvas.rect = lambda *a, **k: (ops.append(a[:4]), original(*a, **k))[1]
    draw_layout(canvas, doc, values or {}, x=0, y=0, fonts=FONTS, colour="#15803d", painter=painter, **options)
    painter.flush(0, (0, 0))
    return trace, ops


def _inside(note):
    x0, y0, x1, y1 = note["box"]
    return note["x0"] >= x0 - 0.01 and note["x1"] <= x1 + 0.01 and note["y0"] >= y0 - 0.01 and note["y1"] <= y1 + 0.01


@pytest.mark.parametrize("align", ["left", "center", "right"])
def test_a_long_name_wraps_at_the_largest_size_that_fits_never_below_its_minimum(align):
    doc = layout({"id": "n", "type": "field", "field": "full_name", "x_mm": 5, "y_mm": 5, "w_mm": 90, "h_mm": 45,
                  "font_size": 26, "min_font_size": 18, "bold": True, "align": align})
    trace, _ops = draw(doc, {"full_name": LONG})
    assert " ".join(n["text"] for n in trace) == LONG
    (size,) = {round(n["size"], 1) for n in trace}
    assert 18 < size < 26
    doc["elements"][0]["h_mm"] = 32  # four lines at 18 pt and no more
    trace, _ops = draw(doc, {"full_name": LONG})
    assert " ".join(n["text"] for n in trace) == LONG
    assert all(18 <= n["size"] < 18.5 for n in trace)
    assert all(_inside(n) for n in trace)
    if align == "right":
        assert all(abs(n["x1"] - n["box"][2]) < 0.01 for n in trace)
    if align == "left":
        assert all(abs(n["x0"] - n["box"][0]) < 0.01 for n in trace)


def test_text_that_cannot_fit_at_its_minimum_still_never_overflows():
    doc = layout({"id": "n", "type": "text", "text": LONG * 3, "x_mm": 10, "y_mm": 10, "w_mm": 30, "h_mm": 8,
                  "font_size": 14, "min_font_size": 10})
    trace, _ops = draw(doc)
    assert trace and all(_inside(n) for n in trace)
    assert max(n["size"] for n in trace) < 10  # below the minimum, as a last resort


def test_office_mode_keeps_colour_out_of_the_margin_print_shop_runs_it_into_the_bleed():
    doc = layout({"id": "band", "type": "box", "x_mm": 0, "y_mm": 45, "w_mm": 100, "h_mm": 15,
                  "category_colour": True})
    _trace, ops = draw(doc, mode="office", margin=5 * mm)
    (x, y, w, h), = ops
    assert x == pytest.approx(5 * mm) and y == pytest.approx(5 * mm) and x + w == pytest.approx(95 * mm)
    _trace, ops = draw(doc, mode="print-shop")
    (x, y, w, h), = ops
    assert x == pytest.approx(-3 * mm) and y == pytest.approx(-3 * mm) and x + w == pytest.approx(103 * mm)
    assert y + h == pytest.approx(15 * mm)  # the inner edge stays where it was designed


def test_a_rotated_text_is_drawn_in_its_turned_box():
    doc = layout({"id": "side", "type": "text", "text": "Ngày hội Hợp tác xã", "x_mm": 2, "y_mm": 5, "w_mm": 8,
                  "h_mm": 50, "font_size": 12, "min_font_size": 6, "rotate": 90})
    trace, _ops = draw(doc)
    (note,) = trace
    x0, y0, x1, y1 = note["box"]
    assert x1 - x0 == pytest.approx(50 * mm) and y1 - y0 == pytest.approx(8 * mm)  # width and height swapped
    assert note["size"] > 9  # along the long side it needs no shrinking to the minimum


def test_guest_parts_and_shared_parts():
    doc = layout({"id": "n", "type": "field", "field": "full_name", "x_mm": 5, "y_mm": 5, "w_mm": 90, "h_mm": 20},
                 {"id": "c", "type": "field", "field": "category", "x_mm": 5, "y_mm": 30, "w_mm": 90, "h_mm": 8},
                 {"id": "e", "type": "field", "field": "event_name", "x_mm": 5, "y_mm": 40, "w_mm": 90, "h_mm": 8,
                  "details": ["position"]})
    assert [is_guest_element(e) for e in doc["elements"]] == [True, False, True]
    values = {"full_name": "Lê Văn Tám", "category": "Khách mời", "event_name": "Ngày hội", "position": "Giám đốc"}
    shared, _ops = draw(doc, values, part="shared")
    guest, _ops = draw(doc, values, part="guest")
    assert [n["text"] for n in shared] == ["Khách mời"]
    assert [n["text"] for n in guest] == ["Lê Văn Tám", "Ngày hội", "Giám đốc"]


@pytest.mark.parametrize("which", ["default", "designed"])
@pytest.mark.parametrize("mode", ["office", "print-shop", "mono"])
@pytest.mark.parametrize("sheet", ["a6", "a4-4up", "a4-8cards", "label"])
def test_an_80_character_name_wraps_and_stays_at_18_pt_on_every_badge_layout(sheet, mode, which):
    from eventapp.badges.render import Badge, EventHeader, render_badges
    from eventapp.tokens import new_badge_token
    from tests.badges.pdfcheck import text_sizes
    from tests.layouts.designs import design_for_sheet

    assert len(LONG) == 80
    badges = [Badge(token=new_badge_token(), full_name=LONG, position="Phó Chủ tịch Liên minh Hợp tác xã",
                    organization="Liên minh Hợp tác xã thành phố Hải Phòng", category="Đại biểu", color="#fde68a",
                    award=True, priority=True)]
    pdf = render_badges(EventHeader("Ngày hội Hợp tác xã", "06/04/2024 · Hội trường"), badges, sheet, mode=mode,
                        design=design_for_sheet(which, sheet))
    name_lines = [(text, size) for text, size in text_sizes(pdf) if text in LONG and text.split()[0] in LONG.split()
                  and size > 12]
    assert " ".join(text for text, _size in name_lines) == LONG  # all of it, in order
    assert min(size for _text, size in name_lines) >= 18
