"""Issue 18's "done when", for the demo event and for a stress event (300 recipients with
80-character names and citations, one-word and ten-word titles, small booths with long names):
every font of every PDF embedded, exact paper sizes, no page starting with fewer than 3 rows
carried over and no caption ending a page, certificates with the place-date line and no print
stamp, nothing within 5 mm of the edge in office mode, a floor plan with no text under 6 pt."""
import math
import re
import subprocess
from collections import Counter
from io import BytesIO

import pytest
from PIL import Image
from pypdf import PdfReader

from eventapp.programme.documents import build_document
from eventapp.programme.render import render, render_certificates, render_guest_programme

from .conftest import ONE_WORD, STRESS_MARK, STRESS_SIZES, TEN_WORDS, fonts_of, needs_poppler, page_count, pdf_text
from .test_programme_print_ready import every_pdf, page_size_problems

pytestmark = needs_poppler
MM = 72 / 25.4


@pytest.mark.parametrize("which", ["demo_event", "stress_event"])
def test_every_pdf_embeds_its_fonts_and_has_the_exact_paper_size(db, admin, client, tmp_path, request, which):
    event = request.getfixturevalue(which)
    pdfs = every_pdf(event, client)
    for kind, data in pdfs.items():
        fonts = fonts_of(data, tmp_path)
        assert fonts and all(embedded == "yes" for _name, embedded in fonts), (which, kind, fonts)
        assert page_size_problems(kind, data) == [], (which, kind)


def marks_by_page(data, tmp_path):
    """{page number: Counter of category number -> rows of it on the page}."""
    pages = {}
    for number in range(1, page_count(data, tmp_path) + 1):
        pages[number] = Counter(category for category, _row in STRESS_MARK.findall(pdf_text(data, tmp_path, number)))
    return pages


def test_no_list_leaves_fewer_than_three_rows_on_a_page_and_no_caption_ends_one(db, stress_event, tmp_path):
    document = build_document(stress_event)
    titles = [item.title for item in document.items]
    assert ONE_WORD in titles and TEN_WORDS in titles and len(TEN_WORDS.split()) == 10
    for kind, data in (("guest", render("guest", document)), ("runsheet", render("runsheet", document)),
                       ("A5", render_guest_programme(document, page_format="A5"))):
        seen = Counter()
        for number, counts in marks_by_page(data, tmp_path).items():
            for category, rows in counts.items():
                assert rows >= min(3, STRESS_SIZES[int(category)]), (kind, number, category, rows)
            seen.update(counts)
            text = pdf_text(data, tmp_path, number)
            for caption in ("Người trao:", "thứ tự lên sân khấu"):
                tail = text.rsplit(caption, 1)
                if len(tail) == 2:  # the page's last caption has its list's first rows under it
                    assert len(STRESS_MARK.findall(tail[1])) >= 3, (kind, number, caption)
        assert [seen[str(c)] for c in range(len(STRESS_SIZES))] == list(STRESS_SIZES), kind


def test_three_hundred_certificates_carry_the_place_date_line_and_no_print_stamp(db, stress_event, tmp_path):
    data = render("certificates", build_document(stress_event))
    assert page_count(data, tmp_path) == sum(STRESS_SIZES)
    text = pdf_text(data, tmp_path)
    assert text.count("Hải Phòng, ngày 11 tháng 4 năm 2026") == 300
    assert "In lúc" not in text and "Trang" not in text
    assert len(STRESS_MARK.findall(text)) == 300


def blank_border(data, tmp_path, page=1, margin_mm=5, dpi=72):
    """True when the page, rendered, has nothing but white within margin_mm of its edge."""
    path = tmp_path / "page.pdf"
    path.write_bytes(data)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-f", str(page), "-l", str(page), "-singlefile", str(path),
                    str(tmp_path / "page")], check=True)
    with Image.open(tmp_path / "page.png") as image:
        gray = image.convert("L")
    width, height = gray.size
    edge = round(margin_mm / 25.4 * dpi)
    pixels = gray.load()
    border = [(x, y) for x in range(width) for y in (*range(edge), *range(height - edge, height))]
    border += [(x, y) for y in range(height) for x in (*range(edge), *range(width - edge, width))]
    return all(pixels[p] > 250 for p in border)


@pytest.mark.parametrize("template", ["classic", "modern"])
def test_office_certificates_draw_nothing_within_5_mm_of_the_edge(db, stress_event, tmp_path, template):
    document = build_document(stress_event)
    for category in document.categories:
        category.certificate_template = template
    data = render_certificates(document, mode="office")
    for page in (1, 300):
        assert blank_border(data, tmp_path, page), (template, page)


def test_print_shop_certificates_have_bleed_crop_marks_and_the_trim_box(db, stress_event, tmp_path):
    document = build_document(stress_event)
    for category in document.categories:
        category.certificate_template = "modern"
    data = render_certificates(document, document.categories[1:], mode="print-shop")
    reader = PdfReader(BytesIO(data))
    assert len(reader.pages) == STRESS_SIZES[1]
    for page in reader.pages:
        trim = [float(v) for v in page.trimbox]
        bleed = [float(v) for v in page.bleedbox]
        assert (trim[2] - trim[0], trim[3] - trim[1]) == pytest.approx((297 * MM, 210 * MM), abs=0.01)
        assert [b - t for b, t in zip(bleed, trim)] == pytest.approx([-3 * MM, -3 * MM, 3 * MM, 3 * MM], abs=0.01)
    path = tmp_path / "shop.pdf"
    path.write_bytes(data)
    subprocess.run(["pdftoppm", "-r", "72", "-png", "-f", "1", "-l", "1", "-singlefile", str(path),
                    str(tmp_path / "shop")], check=True)
    with Image.open(tmp_path / "shop.png") as image:
        pixels = image.convert("L").load()
        top = image.size[1]
        trim = [float(v) for v in reader.pages[0].trimbox]
        middle = round(top - (trim[1] + trim[3]) / 2)
        assert pixels[round(trim[0] - 2 * MM), middle] < 200  # the panel's colour runs into the bleed...
        assert pixels[round(trim[0] - 6 * MM), middle] > 250  # ...and stops there
        # A crop mark on the line of the trim box's bottom edge, left of the corner.
        row = round(top - trim[1])
        assert any(pixels[x, y] < 128 for x in range(round(trim[0] - 9 * MM), round(trim[0] - 3.2 * MM))
                   for y in (row - 1, row))


def text_sizes(pdf, page):
    """[(text, size in points)] of every string drawn on the page, read from the PDF: the font size
    times the length of the text's vertical unit after the text and page transformations (so that
    text turned with the plan on the booklet's page is measured too)."""
    found = []

    def visit(text, cm, tm, _font, font_size):
        if text.strip():
            c, d = tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3]
            found.append((text.strip(), round(abs(font_size) * math.hypot(c, d), 2)))

    PdfReader(BytesIO(pdf)).pages[page - 1].extract_text(visitor_text=visit)
    return found


def plan_pages(data, tmp_path):
    return [n for n in range(1, page_count(data, tmp_path) + 1)
            if "Sơ đồ gian hàng" in pdf_text(data, tmp_path, n)]


def test_the_floor_plan_has_a_page_of_its_own_with_no_text_under_6_pt(db, stress_event, admin, client, tmp_path):
    document = build_document(stress_event)
    codes = [booth.code for booth in document.floor_plan.booths]
    booth_plan = client.get(f"/admin/e/{stress_event.slug}/booths/plan.pdf").data
    for kind, data in (("guest", render("guest", document)), ("A5", render_guest_programme(document, "A5")),
                       ("booth plan", booth_plan)):
        [page] = plan_pages(data, tmp_path)[:1]
        sizes = text_sizes(data, page)
        assert sizes and min(size for _text, size in sizes) >= 6, (kind, min(sizes, key=lambda s: s[1]))
        text = pdf_text(data, tmp_path, page)
        assert all(code in text for code in codes), kind
        # The names too long for the small booths are in the key (or, on A5, the directory's).
        named = re.findall(r"G\d\d", text)
        if kind != "A5":
            assert len(set(named)) == len(codes), (kind, len(set(named)))
    reader = PdfReader(BytesIO(render("guest", document)))
    [page] = plan_pages(render("guest", document), tmp_path)[:1]
    box = reader.pages[page - 1].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx((297 * MM, 210 * MM), abs=0.01)  # A4 turned


def test_the_cover_carries_the_logo_and_the_subtitle(db, stress_event, tmp_path):
    data = render("guest", build_document(stress_event))
    cover = pdf_text(data, tmp_path, 1)
    assert "Kết nối – Đổi mới – Phát triển" in cover
    xobjects = PdfReader(BytesIO(data)).pages[0]["/Resources"]["/XObject"]
    assert any(x.get_object()["/Subtype"] == "/Image" for x in xobjects.values())


def test_the_organiser_types_the_subtitle_on_the_event_form_and_it_prints_on_the_cover(db, make_event, admin, client,
                                                                                         tmp_path):
    from tests.events.test_events_web import form_data

    from .test_programme_views import post

    event = make_event(slug="ngay-hoi")
    assert "Phụ đề" in client.get("/admin/e/ngay-hoi/edit").get_data(as_text=True)
    response = post(client, "/admin/e/ngay-hoi/edit", form_data(slug="ngay-hoi", subtitle="  Kết nối – Phát triển "),
                    content_type="multipart/form-data")
    assert response.status_code == 302
    db.session.expire_all()
    assert event.subtitle == "Kết nối – Phát triển"
    assert "Kết nối – Phát triển" in pdf_text(render("guest", build_document(event)), tmp_path, 1)
    too_long = post(client, "/admin/e/ngay-hoi/edit", form_data(slug="ngay-hoi", subtitle="x" * 300),
                    content_type="multipart/form-data")
    assert too_long.status_code == 400 and "Phụ đề" in too_long.get_data(as_text=True)  # the form, with its error
    db.session.expire_all()
    assert event.subtitle == "Kết nối – Phát triển"
