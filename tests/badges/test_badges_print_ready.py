"""Badges as the printers take them: names read at a metre, an office printer's margin, a print
shop's bleed and crop marks, black and white for thermal labels, the short code under the QR."""
import re
import subprocess
from io import BytesIO

import pytest
from PIL import Image
from pypdf import PdfReader
from reportlab.lib.units import mm

from eventapp.badges.layouts import LAYOUTS
from eventapp.badges.render import Badge, EventHeader, render_badges
from eventapp.tokens import new_badge_token, short_code
from tests.badges.pdfcheck import EVENT_NAME, decode_qr_codes, needs_poppler, text_sizes

pytestmark = needs_poppler
HEADER = EventHeader(EVENT_NAME, "06/04/2024 · Hội trường Phòng họp số 2, Liên minh HTX thành phố Hải Phòng")
NAMES = ["Nguyễn Mạnh Cường", "Ngô Ngọc Khánh", "Tôn Nữ Ngọc Bảo Châu", "Nguyễn Thị Phương Thảo",
         "Hoàng Lê Minh Khánh Huyền", "Đặng Thị Thu"]


def badges(names=NAMES, **values):
    return [Badge(token=new_badge_token(), full_name=name, position="Phó Chủ tịch",
                  organization="Liên minh Hợp tác xã thành phố Hải Phòng", category="Đại biểu",
                  color="#fde68a", award=i % 2 == 0, priority=i % 3 == 0, **values) for i, name in enumerate(names)]


def rasterise(pdf, tmp_path, dpi=72, *options):
    path = tmp_path / "badge.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-f", "1", "-l", "1", "-singlefile", *options, str(path),
                    str(tmp_path / "page")], check=True)
    return Image.open(tmp_path / "page.png").convert("RGB")


@pytest.mark.parametrize("mode", ["office", "print-shop", "mono"])
@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_every_name_is_at_least_18_pt_read_from_the_pdf(layout, mode, design):
    cards = badges()
    pdf = render_badges(HEADER, cards, layout, mode=mode, design=design(layout))
    reader = PdfReader(BytesIO(pdf))
    drawn = [item for page in range(1, len(reader.pages) + 1) for item in text_sizes(pdf, page)]
    for name in NAMES:
        words = name.split()
        sizes = [size for text, size in drawn if text in name and text.split()[0] in words]
        assert sizes, (name, layout)
        assert min(sizes) >= 18, (name, layout, mode, sizes)


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_office_mode_draws_nothing_within_5_mm_of_the_edge(layout, tmp_path, design):
    image = rasterise(render_badges(HEADER, badges(), layout, design=design(layout)), tmp_path)
    width, height = image.size
    edge = round(5 / 25.4 * 72)
    pixels = image.load()
    border = [(x, y) for x in range(width) for y in (*range(edge), *range(height - edge, height))]
    border += [(x, y) for y in range(height) for x in (*range(edge), *range(width - edge, width))]
    assert all(min(pixels[p]) >= 250 for p in border), layout


def test_print_shop_mode_has_bleed_crop_marks_and_the_trim_box(tmp_path, design):
    pdf = render_badges(HEADER, badges(NAMES[:1]), "a6", mode="print-shop", design=design("a6"))
    page = PdfReader(BytesIO(pdf)).pages[0]
    trim = [float(v) for v in page.trimbox]
    bleed = [float(v) for v in page.bleedbox]
    assert trim[2] - trim[0] == pytest.approx(105 * mm, abs=0.01)
    assert trim[3] - trim[1] == pytest.approx(148 * mm, abs=0.01)
    assert [b - t for b, t in zip(bleed, trim)] == pytest.approx([-3 * mm, -3 * mm, 3 * mm, 3 * mm], abs=0.01)
    image = rasterise(pdf, tmp_path)
    pixels = image.load()
    scale = 1  # points to pixels at 72 dpi
    top = image.size[1]
    # The band's colour runs past the cut (left of the trim box, at the band's height)...
    band_y = round(top - (trim[1] + 5 * mm) * scale)
    assert min(pixels[round((trim[0] - 2 * mm) * scale), band_y]) < 250
    # ...but not past the bleed, where the crop marks are drawn.
    assert min(pixels[round((trim[0] - 6 * mm) * scale), band_y]) >= 250
    corner = [pixels[x, y] for x in range(round((trim[0] - 9 * mm) * scale), round((trim[0] - 3.2 * mm) * scale))
              for y in (round(top - trim[1] * scale) - 1, round(top - trim[1] * scale))]
    assert any(min(p) < 128 for p in corner)  # a crop mark along the bottom edge's line


def test_mono_labels_are_black_and_white_only(tmp_path, design):
    label = design("label")
    image = rasterise(render_badges(HEADER, badges(), "label", mode="mono", design=label), tmp_path, 72, "-aa", "no",
                      "-aaVector", "no")
    colours = {colour for _count, colour in image.getcolors(1 << 24)}
    assert colours <= {(0, 0, 0), (255, 255, 255)}, sorted(colours)[:5]
    colour = rasterise(render_badges(HEADER, badges(), "label", design=label), tmp_path, 72, "-aa", "no",
                       "-aaVector", "no")
    assert len(colour.getcolors(1 << 24)) > 2  # the office label keeps its colours


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_the_short_code_is_printed_under_every_qr_and_the_qr_still_decodes(layout, tmp_path, design):
    cards = badges(NAMES[:LAYOUTS[layout].per_page])
    pdf = render_badges(HEADER, cards, layout, design=design(layout))
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    for card in cards:
        assert short_code(card.token) in text
    sizes = [size for piece, size in text_sizes(pdf) if re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}", piece)]
    assert sizes and min(sizes) >= 6.5
    assert sorted(token for token, _level in decode_qr_codes(pdf, tmp_path)) == sorted(c.token for c in cards)


def test_the_venue_line_never_leaves_phong_alone(tmp_path, design):
    trace = []
    render_badges(HEADER, badges(NAMES[:1]), "label", trace=trace, design=design("label"))
    lines = [note["text"] for note in trace]
    for line in lines:
        words = line.split()
        assert words[-1] != "Hải", line
        if words[-1] == "Phòng":  # only as the end of "Hải Phòng", never "Phòng / họp số 2"
            assert words[-2:] == ["Hải", "Phòng"], line
    assert any("Phòng họp số 2" in line for line in lines), lines
