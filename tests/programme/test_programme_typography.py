"""One typographic rule set for the printed programmes: no orphan rows, a caption stays with its
table, no broken place names or widowed words, type large enough to read."""
import re

from reportlab.pdfbase.pdfmetrics import stringWidth

from eventapp.pdf.fonts import register_fonts
from eventapp.pdf.text import units, wrap_lines
from eventapp.programme.render import render, render_guest_programme
from tests.badges.pdfcheck import text_sizes

from .conftest import make_category, make_document, make_item, needs_poppler, page_count, pdf_text

pytestmark = needs_poppler
NAME = re.compile(r"Nhận \d+-\d+")  # the name may wrap before "Nhận"


def ceremony(sizes):
    categories = [make_category(0, name=f"Giấy khen đợt {c + 1}",
                                names=[f"Nguyễn Văn Người Nhận {c}-{i}" for i in range(size)])
                  for c, size in enumerate(sizes)]
    items = [make_item(1, "Khai mạc"), make_item(2, "Trao Giấy khen", categories=categories, kind="award_round")]
    return make_document(items, categories)


def pages_of(data, tmp_path):
    return [pdf_text(data, tmp_path, first=n) for n in range(1, page_count(data, tmp_path) + 1)]


SIZES = [4, 23, 2, 27, 5, 31, 7, 26, 3, 29, 6, 25, 24, 28]


def test_no_page_holds_fewer_than_three_rows_of_a_list_and_no_caption_ends_a_page(tmp_path):
    # Lists of every length around a page's capacity: without the rules, some leave one or two
    # rows alone on a page, or a category's caption at the foot of a page.
    document = ceremony(SIZES)
    for kind in ("guest", "runsheet"):
        pages = pages_of(render(kind, document), tmp_path)
        seen = set()
        for number, text in enumerate(pages, start=1):
            rows = NAME.findall(text)
            seen.update(rows)
            for category in {row.split()[-1].split("-")[0] for row in rows}:
                on_page = [r for r in rows if r.split()[-1].startswith(f"{category}-")]
                assert len(on_page) >= min(3, SIZES[int(category)]), (kind, number, on_page)
            tail = text.rsplit("Người trao:", 1)
            if len(tail) == 2:  # the page's last caption: its list starts below it, on the same page
                assert len(NAME.findall(tail[1])) >= min(3, min(SIZES)), (kind, number)
        assert len(seen) == sum(SIZES), kind


def test_the_booklet_body_is_at_least_9_pt_and_the_run_sheet_12_pt(tmp_path):
    document = ceremony([12, 30])
    for data, floor in ((render_guest_programme(document, page_format="A5"), 9), (render("runsheet", document), 12)):
        for number in range(1, page_count(data, tmp_path) + 1):
            sizes = [(text, size) for text, size in text_sizes(data, number)
                     if "Trang" not in text and text != document.event.name]  # the page's footer
            assert sizes, number
            assert min(size for _text, size in sizes) >= floor, (number, min(sizes, key=lambda t: t[1]))


def test_a_place_name_and_the_last_two_words_of_a_title_are_never_split():
    _regular, bold = register_fonts()
    title = "Ngày hội Hợp tác xã thành phố Hải Phòng năm 2024"
    narrowest = int(stringWidth("Hải Phòng", bold, 18)) + 1  # a narrower line must break even a place name
    for width in range(narrowest, 400, 7):
        lines = wrap_lines(title, bold, 18, width)
        assert " ".join(lines) == title
        assert not any(line.endswith("Hải") for line in lines), (width, lines)
        assert len(lines) == 1 or len(lines[-1].split()) >= 2, (width, lines)
    assert "Phòng họp" in units("Hội trường Phòng họp số 2")  # the venue never leaves "Phòng" alone
    assert "Hợp tác xã" in units("Liên hiệp Hợp tác xã Hải Phòng")


def test_the_cover_title_keeps_hai_phong_on_one_line(tmp_path):
    document = ceremony([3])
    for page_format in ("A4", "A5"):
        cover = pdf_text(render_guest_programme(document, page_format=page_format), tmp_path, first=1)
        assert not any(line.strip().endswith("Hải") for line in cover.splitlines()), cover
        assert re.search(r"Hải\sPhòng năm\s2024", cover)
