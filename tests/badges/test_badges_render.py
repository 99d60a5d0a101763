"""The badge PDFs as printed: every layout, Vietnamese text exact, QR readable, nothing overflows."""
import re
from io import BytesIO

import pytest
from reportlab.lib.units import mm

from eventapp.badges.layouts import LAYOUTS
from eventapp.badges.render import AWARD_MARK, PRIORITY_MARK, Badge, EventHeader, render_badges
from eventapp.tokens import new_badge_token
from tests.badges.pdfcheck import EVENT_NAME, NAME, decode_qr_codes, needs_poppler, page_count, pdf_text, pdf_words

LONG_NAME = "Nguyễn Thị Phương Thảo Hoàng Lê Minh Khánh Tôn Nữ Ngọc Bảo Châu Huyền Trang Diệp"
assert len(LONG_NAME) == 80

HEADER = EventHeader(EVENT_NAME, "11/04/2026 · Hội trường")


def badge(name=NAME, **values):
    fields = dict(token=new_badge_token(), full_name=name, position="Phó Chủ tịch",
                  organization="Liên minh Hợp tác xã Việt Nam", category="Lãnh đạo", color="#b91c1c")
    fields.update(values)
    return Badge(**fields)


def _logo():
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (240, 120), (11, 83, 148)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_every_layout_renders_its_pages_and_paper_size(layout, design):
    sheet = LAYOUTS[layout]
    badges = [badge(f"Khách số {i}") for i in range(sheet.per_page + 1)]
    pdf = render_badges(HEADER, badges, layout, design=design(layout))
    assert pdf.startswith(b"%PDF")
    assert page_count(pdf) == 2  # one full page and one with the last badge
    width, height = (float(v) for v in re.search(rb"/MediaBox \[ 0 0 ([\d.]+) ([\d.]+) \]", pdf).groups())
    assert (round(width / mm), round(height / mm)) == (round(sheet.page[0] / mm), round(sheet.page[1] / mm))


def test_unknown_layout_and_empty_list_are_refused():
    with pytest.raises(ValueError, match="layout"):
        render_badges(HEADER, [badge()], "a3")
    with pytest.raises(ValueError):
        render_badges(HEADER, [], "a6")


@needs_poppler
@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_vietnamese_names_come_back_out_exactly_and_the_qr_decodes(layout, tmp_path, design):
    sheet = LAYOUTS[layout]
    badges = [badge(award=i == 0, priority=i == 0) for i in range(sheet.per_page)]
    pdf = render_badges(HEADER, badges, layout, design=design(layout))
    text = re.sub(r"\s+", " ", pdf_text(pdf, tmp_path))  # a name wrapped at 18 pt reads as typed
    assert text.count(NAME) == sheet.per_page
    assert text.count(EVENT_NAME) == sheet.per_page
    assert AWARD_MARK in text and PRIORITY_MARK in text
    decoded = decode_qr_codes(pdf, tmp_path)
    assert sorted(decoded) == sorted((b.token, "M") for b in badges)


@needs_poppler
def test_markup_in_names_prints_as_typed(tmp_path, design):
    pdf = render_badges(HEADER, [badge("<script>alert(1)</script>", organization="Công ty A & B <HTX>",
                                       position="Giám đốc &amp; <b>")], "a6", design=design("a6"))
    text = pdf_text(pdf, tmp_path)
    assert "<script>alert(1)</script>" in text
    assert "Công ty A & B <HTX>" in text
    assert "Giám đốc &amp; <b>" in text


def _inside(note, box, slack=0.01):
    x0, y0, x1, y1 = box
    return (note["x0"] >= x0 - slack and note["x1"] <= x1 + slack
            and note["y0"] >= y0 - slack and note["y1"] <= y1 + slack)


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_an_80_character_name_fits_its_card(layout, design):
    sheet = LAYOUTS[layout]
    trace = []
    render_badges(HEADER, [badge(LONG_NAME, award=True, priority=True)], layout, trace=trace, design=design(layout))
    width, height = sheet.card
    lines = [n for n in trace if n["text"] in LONG_NAME]
    assert " ".join(n["text"] for n in lines if n["size"] == lines[0]["size"]) == LONG_NAME  # all of it, whole words
    assert lines[0]["size"] >= 6  # still readable
    for note in trace:
        assert _inside(note, (0, 0, width, height)), note  # within the card
        assert _inside(note, note["box"]), note  # and within the box it was fitted to


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_the_longest_fields_allowed_still_fit(layout, design):
    width, height = LAYOUTS[layout].card
    trace = []
    render_badges(EventHeader("Ngày hội " * 28, "11/04/2026 · " + "Hội trường " * 20),
                  [badge("Tôn Nữ " * 28 + "An", position="Phó Chủ tịch " * 20, organization="W" * 255,
                         category="Đại biểu " * 12)], layout, trace=trace, design=design(layout))
    assert trace
    for note in trace:
        assert _inside(note, (0, 0, width, height)) and _inside(note, note["box"]), note


@needs_poppler
def test_long_name_stays_on_the_page_for_pdftotext(tmp_path, design):
    pdf = render_badges(HEADER, [badge(LONG_NAME)], "a6", design=design("a6"))
    width, height = LAYOUTS["a6"].page
    words = pdf_words(pdf, tmp_path)
    name_words = [w for w in words if w[0] in LONG_NAME.split()]
    assert [w[0] for w in name_words][:len(LONG_NAME.split())] == LONG_NAME.split()
    for word, x0, y0, x1, y1 in words:
        assert x0 >= 0 and x1 <= width and y0 >= 0 and y1 <= height, word


@needs_poppler
def test_logo_is_embedded_once_for_the_whole_run(tmp_path, design):
    header = EventHeader(EVENT_NAME, "11/04/2026", logo=_logo())
    pdf = render_badges(header, [badge() for _ in range(6)] + [badge(category="Báo chí", color="#7c3aed")], "a6",
                         design=design("a6"))
    assert page_count(pdf) == 7
    assert len(re.findall(rb"/Subtype /Image", pdf)) == 1
    assert pdf_text(pdf, tmp_path).count(EVENT_NAME) == 7


def test_band_text_is_dark_on_light_colours_and_white_on_dark():
    from eventapp.badges.render import hex_to_rgb, text_on

    assert text_on(hex_to_rgb("#fde047")) != (1, 1, 1)  # yellow band: dark text
    assert text_on(hex_to_rgb("#1d4ed8")) == (1, 1, 1)
    assert hex_to_rgb("red; </style>") == hex_to_rgb("#1d4ed8")  # a bad colour falls back
