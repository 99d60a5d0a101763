"""The renderers: plain documents in, PDF bytes out, read back with poppler's tools."""
import re
from io import BytesIO

from reportlab.lib.pagesizes import A4, A5
from reportlab.pdfgen.canvas import Canvas

from eventapp.pdf.fonts import register_fonts
from eventapp.programme.render import impose, render, render_certificates, render_guest_programme, render_run_sheet
from eventapp.programme.render.certificates import certificate_text

from .conftest import flat, fonts_of, make_category, make_document, make_item, needs_poppler, page_count, pdf_text

MARKUP_NAMES = ["<script>alert(1)</script>", "Công ty A & B <HTX>", "Nguyễn Thị <b>Đậm</b> &amp; Nhạt"]

pytestmark = needs_poppler


def ceremony(count=5, names=None, template="classic"):
    category = make_category(count, names=names, certificate_template=template)
    items = [make_item(1, "Khai mạc"), make_item(2, "Trao Giấy khen", categories=[category], kind="award_round"),
             make_item(3, "Tham quan gian hàng")]
    return make_document(items, [category])


def test_every_kind_embeds_its_fonts(tmp_path):
    document = ceremony()
    for kind in ("guest", "booklet", "runsheet", "certificates"):
        fonts = fonts_of(render(kind, document), tmp_path)
        assert fonts, kind
        assert all(embedded == "yes" for _, embedded in fonts), (kind, fonts)
        assert {name.split("+")[-1] for name, _ in fonts} <= {"NotoSans-Regular", "NotoSans-Bold"}, (kind, fonts)


def test_pages_are_numbered_and_only_the_internal_run_sheet_is_dated(tmp_path):
    document = ceremony(count=60)
    for kind in ("guest", "runsheet"):
        data = render(kind, document)
        total = page_count(data, tmp_path)
        assert total > 2, kind
        for number in range(1, total + 1):
            text = pdf_text(data, tmp_path, first=number)
            assert f"Trang {number}/{total}" in text, (kind, number)
            dated = "In lúc 10:15 05/04/2024" in text  # 03:15 UTC in Hải Phòng
            assert dated == (kind == "runsheet"), (kind, number)
    for kind in ("booklet", "certificates"):  # what guests and recipients take home
        text = pdf_text(render(kind, document), tmp_path)
        assert "In lúc" not in text and "10:15" not in text, kind


def test_three_hundred_recipients_flow_over_pages_with_the_headings_repeated(tmp_path):
    document = ceremony(count=300)
    for kind in ("guest", "runsheet"):
        data = render(kind, document)
        pages = [pdf_text(data, tmp_path, first=n) for n in range(1, page_count(data, tmp_path) + 1)]
        listing = [p for p in pages if "Nguyễn Văn Người Nhận" in p]
        assert len(listing) >= 5, kind
        for text in listing:
            assert "Tập thể, cá nhân" in text and "Chức vụ, đơn vị" in text, kind
            assert "Giấy khen của Chủ tịch Liên minh HTX thành phố" in text, kind
        everything = flat(" ".join(listing))
        for number in range(1, 301):
            assert f"Nguyễn Văn Người Nhận {number:03d}" in everything, (kind, number)


def test_names_that_look_like_markup_print_as_typed(tmp_path):
    document = ceremony(names=MARKUP_NAMES)
    document.items[0].title = "Khai mạc <Ngày hội> & chào mừng"
    for kind in ("guest", "booklet", "runsheet", "certificates"):
        text = flat(pdf_text(render(kind, document), tmp_path))
        for name in MARKUP_NAMES + ["Khai mạc <Ngày hội> & chào mừng"] * (kind != "certificates"):
            assert name in text, (kind, name)


def test_certificates_are_one_page_per_recipient_on_the_chosen_layout(tmp_path):
    classic = make_category(2, name="Bằng khen của UBND thành phố", certificate_template="classic",
                            certificate_text="Tặng {name}, {title} {organization}, đã có {unknown} thành tích.")
    modern = make_category(1, name="HTX tiêu biểu năm 2023", certificate_template="modern")
    modern.kind_label = "Danh hiệu"
    document = make_document([], [classic, modern])
    data = render_certificates(document)
    assert page_count(data, tmp_path) == 3
    pages = [flat(pdf_text(data, tmp_path, first=n)) for n in (1, 2, 3)]
    assert "Nguyễn Văn Người Nhận 001" in pages[0] and "BẰNG KHEN CỦA UBND THÀNH PHỐ" in pages[0]
    assert "Tặng Nguyễn Văn Người Nhận 002, Giám đốc HTX Nông nghiệp số 2, đã có {unknown} thành tích." in pages[1]
    # The modern layout prints the kind in its band and the award as typed, not in capitals.
    assert "DANH HIỆU" in pages[2] and "HTX tiêu biểu năm 2023" in pages[2]
    assert "DANH HIỆU" not in pages[0]
    assert "Đã có thành tích xuất sắc, được trao HTX tiêu biểu năm 2023" in pages[2]  # the default text
    only_modern = render_certificates(document, [modern])
    assert page_count(only_modern, tmp_path) == 1


def test_certificate_text_fills_only_known_placeholders():
    category = make_category(1)
    event = make_document().event
    text = certificate_text("{name} – {award} – {event} – {date} – {0} {__class__}", category.recipients[0],
                            category, event)
    assert text == ("Nguyễn Văn Người Nhận 001 – Giấy khen của Chủ tịch Liên minh HTX thành phố – "
                    "Ngày hội Hợp tác xã thành phố Hải Phòng năm 2024 – 06/04/2024 – {0} {__class__}")


def _words(bbox_html):
    """(word, xMin, xMax, page width) for every word of pdftotext -bbox output."""
    widths = [float(w) for w in re.findall(r'<page width="([\d.]+)"', bbox_html)]
    result = []
    for page, chunk in enumerate(bbox_html.split("<page ")[1:]):
        for x_min, x_max, word in re.findall(r'xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<',
                                             chunk):
            result.append((word, float(x_min), float(x_max), widths[page]))
    return result


def test_long_names_never_run_off_the_page(tmp_path):
    long_name = "Hợp tác xã Dịch vụ Nông nghiệp Tổng hợp và Phát triển Nông thôn Bền vững " * 3
    unbroken = "Nguyễn" + "Thịnh" * 40
    document = ceremony(names=[long_name.strip(), unbroken, "Lê Văn Ngắn"])
    for kind in ("guest", "runsheet", "certificates"):
        words = _words(pdf_text(render(kind, document), tmp_path, bbox=True))
        assert words, kind
        for word, x_min, x_max, width in words:
            assert x_min >= 10 and x_max <= width - 10, (kind, word, x_min, x_max, width)


def test_the_booklet_folds_pages_in_saddle_stitch_order(tmp_path):
    regular, _ = register_fonts()
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=A5)
    for number in range(1, 7):  # six A5 pages: padded to eight, two sheets
        canvas.setFont(regular, 40)
        canvas.drawCentredString(A5[0] / 2, A5[1] / 2, f"P{number}")
        canvas.showPage()
    canvas.save()
    data = impose(buffer.getvalue())
    assert page_count(data, tmp_path) == 4
    html = pdf_text(data, tmp_path, bbox=True)
    sides = []
    for chunk in html.split("<page ")[1:]:
        found = re.findall(r'xMin="([\d.]+)"[^>]*>P(\d)<', chunk)
        width = float(re.search(r'width="([\d.]+)"', chunk).group(1))
        assert abs(width - A4[1]) < 0.01  # an A4 sheet to the point: 297 mm, not two A5 widths (296)
        left = [int(n) for x, n in found if float(x) < width / 2]
        right = [int(n) for x, n in found if float(x) >= width / 2]
        sides.append((left[0] if left else None, right[0] if right else None))
    assert sides == [(None, 1), (2, None), (6, 3), (4, 5)]


def test_the_guest_programme_has_a_cover_running_order_and_honours_list(tmp_path):
    document = ceremony(count=3)
    data = render_guest_programme(document)
    cover = flat(pdf_text(data, tmp_path, first=1))
    assert "Ngày hội Hợp tác xã thành phố Hải Phòng năm 2024" in cover
    assert "Liên minh Hợp tác xã thành phố Hải Phòng" in cover and "Ngày 06/04/2024, 08:00 – 11:30" in cover
    text = flat(pdf_text(data, tmp_path))
    assert "08:10 – 08:20 Trao Giấy khen" in text
    assert text.index("Khai mạc") < text.index("Trao Giấy khen") < text.index("Tham quan gian hàng")
    assert "Danh sách khen thưởng" in text and "Đơn vị trưng bày" not in text  # no booths assigned


def test_the_event_logo_is_on_the_cover(tmp_path):
    import subprocess

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (120, 60), (11, 83, 148)).save(buffer, format="PNG")
    document = ceremony(count=1)
    document.event.logo = buffer.getvalue()
    path = tmp_path / "logo.pdf"
    path.write_bytes(render_guest_programme(document))
    listing = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True).stdout
    images = listing.splitlines()[2:]
    assert len(images) == 1 and images[0].split()[0] == "1"  # one image, on page 1
    without = tmp_path / "plain.pdf"
    without.write_bytes(render_guest_programme(ceremony(count=1)))
    assert subprocess.run(["pdfimages", "-list", str(without)], capture_output=True, text=True).stdout.count("\n") == 2


def test_a_broken_logo_does_not_stop_the_programme(tmp_path):
    document = ceremony(count=1)
    document.event.logo = b"\x89PNG not really"
    assert "Khai mạc" in pdf_text(render_guest_programme(document), tmp_path)


def test_the_run_sheet_says_who_goes_on_stage_and_how_many(tmp_path):
    category = make_category(3)
    category.recipients[1].is_guest = True
    document = make_document([make_item(1, "Trao Giấy khen", categories=[category], kind="award_round")], [category])
    text = flat(pdf_text(render_run_sheet(document), tmp_path))
    assert "Tổng số người, đơn vị nhận: 3" in text
    assert "Người trao: Đồng chí Nguyễn Minh Hoàng" in text
    assert text.index("Nguyễn Văn Người Nhận 001") < text.index("Nguyễn Văn Người Nhận 002") < text.index(
        "Nguyễn Văn Người Nhận 003")
    assert text.count("Đại biểu đã đăng ký") == 1
    assert "Ghi chú:" in text
