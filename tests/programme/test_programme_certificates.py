"""Certificates as the awarding body issues them: heading, decision, place and date, signer."""
import re
import subprocess
from dataclasses import replace
from datetime import date

import pytest
from PIL import Image

from eventapp.errors import DomainError
from eventapp.programme import awards
from eventapp.programme.documents import CertificateSettings, build_document
from eventapp.programme.render import render_certificates
from eventapp.programme.render.certificates import official_date

from .conftest import flat, make_category, make_document, needs_poppler, page_count, pdf_text
from .test_programme_views import base, post

pytestmark = needs_poppler
CITY = CertificateSettings(national_heading=True, decision_number="125/QĐ-UBND", decision_date=date(2024, 4, 1),
                           signing_place="Hải Phòng", signer_title="KT. CHỦ TỊCH / PHÓ CHỦ TỊCH",
                           signer_name="Nguyễn Văn Tùng")


def lines_of(data, tmp_path, page=1):
    """The text lines of a page, as pdftotext -bbox-layout groups them."""
    path = tmp_path / "lines.pdf"
    path.write_bytes(data)
    html = subprocess.run(["pdftotext", "-bbox-layout", "-f", str(page), "-l", str(page), str(path), "-"],
                          capture_output=True, text=True, check=True).stdout
    return [re.findall(r">([^<]+)</word>", line) for line in re.findall(r"<line[^>]*>(.*?)</line>", html, re.S)]


def test_dates_follow_official_usage():
    assert official_date(date(2024, 4, 6), "Hải Phòng") == "Hải Phòng, ngày 06 tháng 4 năm 2024"
    assert official_date(date(2025, 1, 5), "Hà Nội") == "Hà Nội, ngày 05 tháng 01 năm 2025"
    assert official_date(date(2024, 12, 20)) == "Ngày 20 tháng 12 năm 2024"


def test_a_certificate_carries_heading_decision_place_date_and_signer_and_no_print_stamp(tmp_path):
    category = make_category(2, name="Bằng khen của Chủ tịch UBND thành phố", certificate=CITY)
    document = make_document(categories=[category])
    text = flat(pdf_text(render_certificates(document), tmp_path, first=1))
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập – Tự do – Hạnh phúc",
                     "BẰNG KHEN CỦA CHỦ TỊCH UBND THÀNH PHỐ", "Nguyễn Văn Người Nhận 001",
                     "Quyết định số 125/QĐ-UBND, ngày 01/4/2024", "Hải Phòng, ngày 06 tháng 4 năm 2024",
                     "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn Tùng"):
        assert expected in text, expected
    assert "In lúc" not in text and "Trang" not in text
    assert text.count(document.event.name) == 1  # in the citation only: no event-name line under the date


def test_without_settings_the_date_line_is_the_event_day_and_there_is_no_heading(tmp_path):
    text = flat(pdf_text(render_certificates(make_document(categories=[make_category(1)])), tmp_path))
    assert "Ngày 06 tháng 4 năm 2024" in text
    assert "CỘNG HÒA" not in text and "Quyết định" not in text


@pytest.mark.parametrize("template", ["classic", "modern"])
def test_three_hundred_long_names_and_citations_fit_without_widows(tmp_path, template):
    names = [f"Hợp tác xã Dịch vụ Nông nghiệp Tổng hợp và Thương mại Thủy sản Hải Phòng số {i:03d} – chi nhánh"
             for i in range(300)]
    assert min(len(n) for n in names) >= 80
    citation = ("Đã có thành tích xuất sắc trong phong trào thi đua phát triển kinh tế tập thể, hợp tác xã "
                "thành phố Hải Phòng năm 2023, góp phần vào sự nghiệp xây dựng và phát triển")
    category = make_category(0, names=names, certificate=CITY, certificate_template=template,
                             certificate_text=citation)
    data = render_certificates(make_document(categories=[category]))
    assert page_count(data, tmp_path) == 300
    text = flat(pdf_text(data, tmp_path))
    assert all(name in text for name in names[::37])
    for page in (1, 150, 300):
        lines = lines_of(data, tmp_path, page)
        assert sum(" ".join(line).count("Hải Phòng") for line in lines) >= 2  # never "Hải / Phòng"
        for line in lines:
            assert line[-1] != "Hải", line
            if line[-1] in ("chi nhánh", "nhánh", "triển"):  # the last line of the name, of the citation
                assert len(line) >= 2, line


def test_nothing_on_a_modern_certificate_comes_within_5_mm_of_the_edge(tmp_path):
    category = make_category(1, certificate_template="modern", certificate=CITY)
    path = tmp_path / "modern.pdf"
    path.write_bytes(render_certificates(make_document(categories=[category])))
    subprocess.run(["pdftoppm", "-r", "72", "-png", "-singlefile", str(path), str(tmp_path / "page")], check=True)
    with Image.open(tmp_path / "page.png") as image:
        gray = image.convert("L")
        width, height = gray.size
        edge = round(5 / 25.4 * 72)
        for x in range(width):
            for y in list(range(edge)) + list(range(height - edge, height)):
                assert gray.getpixel((x, y)) > 250, (x, y)
        for y in range(height):
            for x in list(range(edge)) + list(range(width - edge, width)):
                assert gray.getpixel((x, y)) > 250, (x, y)


def test_the_organiser_sets_the_certificate_on_the_award_page(client, db, make_event, admin, tmp_path):
    event = make_event()
    category = awards.create_category(event, name="Bằng khen")
    awards.add_recipient(category, name="Nguyễn Mạnh Cường")
    post(client, f"{base(event)}/awards/{category.id}", {
        "category-name": "Bằng khen", "category-kind": "certificate", "category-certificate_template": "classic",
        "category-national_heading": "y", "category-decision_number": "125/QĐ-UBND",
        "category-decision_date": "2024-04-01", "category-signing_place": "Hải Phòng",
        "category-signer_title": "CHỦ TỊCH", "category-signer_name": "Nguyễn Văn Tùng"})
    db.session.expire_all()
    assert (category.national_heading, category.decision_date, category.signer_name) == (
        True, date(2024, 4, 1), "Nguyễn Văn Tùng")
    text = flat(pdf_text(render_certificates(build_document(event)), tmp_path))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Quyết định số 125/QĐ-UBND, ngày 01/4/2024" in text
    assert "Hải Phòng, ngày" in text and "Nguyễn Văn Tùng" in text


def test_a_decision_date_without_its_number_is_refused_and_nothing_changes(db, make_event):
    event = make_event()
    category = awards.create_category(event, name="Giấy khen")
    with pytest.raises(DomainError) as error:
        awards.update_category(category, name="Giấy khen", decision_date="2024-04-01")
    assert error.value.field == "decision_number"
    with pytest.raises(DomainError):
        awards.update_category(category, name="Giấy khen", decision_number="1/QĐ", decision_date="01/04/2024")
    db.session.rollback()
    assert category.decision_date is None and category.decision_number == ""


def test_on_pre_printed_paper_only_the_variable_text_prints_moved_by_the_offsets(tmp_path):
    def name_left(settings):
        category = make_category(1, certificate=settings)
        data = render_certificates(make_document(categories=[category]))
        words = re.findall(r'xMin="([\d.]+)"[^>]*>([^<]+)<', pdf_text(data, tmp_path, first=1, bbox=True))
        return flat(pdf_text(data, tmp_path)), min(float(x) for x, word in words if word == "Người")

    full, left = name_left(CITY)
    plain, moved = name_left(replace(CITY, preprinted=True, offset_x_mm=4, offset_y_mm=-2))
    assert "CỘNG HÒA" in full and "CỘNG HÒA" not in plain and "PHÓ CHỦ TỊCH" not in plain
    for variable in ("Nguyễn Văn Người Nhận 001", "Giám đốc, HTX Nông nghiệp số 1",
                     "Hải Phòng, ngày 06 tháng 4 năm 2024", "Quyết định số 125/QĐ-UBND"):
        assert variable in plain, variable
    assert moved - left == pytest.approx(4 * 72 / 25.4, abs=0.2)


def test_the_calibration_page_shows_the_grid_and_the_boxes_with_a_sample(client, db, make_event, admin, tmp_path):
    event = make_event()
    category = awards.create_category(event, name="Bằng khen", preprinted=True, offset_x_mm="2.5")
    awards.add_recipient(category, name="Nguyễn Mạnh Cường")
    response = client.get(f"{base(event)}/print/certificates.pdf?category={category.id}&calibration=1")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = flat(pdf_text(response.data, tmp_path))
    assert "Nguyễn Mạnh Cường" in text and "100" in text and "CỘNG HÒA" not in text
    assert page_count(response.data, tmp_path) == 1
    page = flat(client.get(f"{base(event)}/awards/{category.id}").get_data(as_text=True))
    assert "calibration=1" in page


def test_an_offset_that_is_not_a_small_number_is_refused(db, make_event):
    event = make_event()
    category = awards.create_category(event, name="Giấy khen")
    for bad in ("abc", "45"):
        with pytest.raises(DomainError) as error:
            awards.update_category(category, name="Giấy khen", offset_x_mm=bad)
        assert error.value.field == "offset_x_mm"


# ----- certificates from a designed layout (the item kind "certificate" of the layout designer) --------
def designed(extra_text="Chương trình Ngày hội do Liên minh HTX phối hợp tổ chức"):
    from eventapp.layouts.document import validate
    from eventapp.programme.render.certificate_layout import default_certificate

    layout = default_certificate()
    layout["elements"].append({"id": "extra", "type": "text", "x_mm": 30, "y_mm": 194, "w_mm": 237, "h_mm": 6,
                               "text": extra_text, "font_size": 9, "min_font_size": 7})
    return validate(layout, "certificate")


def test_the_default_certificate_layout_is_valid_and_prints_what_the_built_in_design_prints(app, tmp_path):
    from eventapp.layouts.document import validate
    from eventapp.programme.render.certificate_layout import default_certificate

    layout = validate(default_certificate(), "certificate")
    assert validate(layout, "certificate") == layout
    category = make_category(2, name="Bằng khen của Chủ tịch UBND thành phố", certificate=CITY)
    built_in = flat(pdf_text(render_certificates(make_document(categories=[category])), tmp_path, first=2))
    drawn = flat(pdf_text(render_certificates(make_document(categories=[category], certificate_layout=layout)),
                          tmp_path, first=2))
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập – Tự do – Hạnh phúc", "LIÊN MINH HTX THÀNH PHỐ",
                     "BẰNG KHEN CỦA CHỦ TỊCH UBND THÀNH PHỐ", "Tặng", "Nguyễn Văn Người Nhận 002",
                     "Giám đốc, HTX Nông nghiệp số 2", "Quyết định số 125/QĐ-UBND, ngày 01/4/2024",
                     "Hải Phòng, ngày 06 tháng 4 năm 2024", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn Tùng"):
        assert expected in built_in and expected in drawn, expected
    plain = flat(pdf_text(render_certificates(make_document(categories=[make_category(1)],
                                                            certificate_layout=layout)), tmp_path))
    assert "CỘNG HÒA" not in plain and "Độc lập" not in plain  # the heading only where the category asks for it


def test_a_designed_layout_prints_its_added_text_on_every_certificate(client, db, make_event, admin, tmp_path):
    from eventapp.layouts.services import save_layout

    event = make_event()
    category = awards.create_category(event, name="Giấy khen", signing_place="Hải Phòng", signing_date="2024-04-06")
    for name in ("Nguyễn Mạnh Cường", "Tôn Nữ Ngọc Bảo Châu", "HTX Nông nghiệp Tân Dương"):
        awards.add_recipient(category, name=name)
    save_layout(event, "certificate", designed())
    response = client.get(f"{base(event)}/print/certificates.pdf")
    assert response.status_code == 200
    assert page_count(response.data, tmp_path) == 3
    for page in (1, 2, 3):
        text = flat(pdf_text(response.data, tmp_path, first=page))
        assert "Chương trình Ngày hội do Liên minh HTX phối hợp tổ chức" in text, page
        assert "Hải Phòng, ngày 06 tháng 4 năm 2024" in text, page
        assert "In lúc" not in text and "Trang" not in text, page
    assert "Tôn Nữ Ngọc Bảo Châu" in flat(pdf_text(response.data, tmp_path, first=2))


def test_on_pre_printed_paper_a_layout_prints_only_its_variable_fields_moved_by_the_offsets(app, tmp_path):
    layout = designed()

    def name_left(settings):
        document = make_document(categories=[make_category(1, certificate=settings)], certificate_layout=layout)
        data = render_certificates(document)
        words = re.findall(r'xMin="([\d.]+)"[^>]*>([^<]+)<', pdf_text(data, tmp_path, first=1, bbox=True))
        return flat(pdf_text(data, tmp_path)), min(float(x) for x, word in words if word == "Người")

    full, left = name_left(CITY)
    plain, moved = name_left(replace(CITY, preprinted=True, offset_x_mm=4, offset_y_mm=-2))
    assert "CỘNG HÒA" in full and "Chương trình Ngày hội" in full and "PHÓ CHỦ TỊCH" in full
    for fixed in ("CỘNG HÒA", "Chương trình Ngày hội", "PHÓ CHỦ TỊCH", "Tặng", "GIẤY KHEN", "Nguyễn Văn Tùng"):
        assert fixed not in plain, fixed
    for variable in ("Nguyễn Văn Người Nhận 001", "Giám đốc, HTX Nông nghiệp số 1",
                     "Hải Phòng, ngày 06 tháng 4 năm 2024", "Quyết định số 125/QĐ-UBND"):
        assert variable in plain, variable
    assert moved - left == pytest.approx(4 * 72 / 25.4, abs=0.2)


def test_a_layout_prints_in_office_and_print_shop_modes(app, tmp_path):
    from eventapp.layouts.document import validate

    layout = designed()
    layout["elements"].insert(0, {"id": "band", "type": "box", "x_mm": 0, "y_mm": 0, "w_mm": 40, "h_mm": 210,
                                  "color": "#0b5394"})
    layout = validate(layout, "certificate")
    document = make_document(categories=[make_category(1, certificate=CITY)], certificate_layout=layout)
    office = render_certificates(document)
    path = tmp_path / "office.pdf"
    path.write_bytes(office)
    subprocess.run(["pdftoppm", "-r", "72", "-png", "-singlefile", str(path), str(tmp_path / "office")], check=True)
    with Image.open(tmp_path / "office.png") as image:
        gray = image.convert("L")
        edge = round(5 / 25.4 * 72)
        assert all(gray.getpixel((x, y)) > 250 for x in range(edge) for y in range(gray.size[1]))
        assert gray.getpixel((edge + 5, gray.size[1] // 2)) < 200  # the band, cut back to the margin
    shop = render_certificates(document, mode="print-shop")
    from io import BytesIO

    from pypdf import PdfReader

    page = PdfReader(BytesIO(shop)).pages[0]
    trim = [float(v) for v in page.trimbox]
    assert (trim[2] - trim[0], trim[3] - trim[1]) == pytest.approx((297 * 72 / 25.4, 210 * 72 / 25.4), abs=0.01)
    path.write_bytes(shop)
    subprocess.run(["pdftoppm", "-r", "72", "-png", "-singlefile", str(path), str(tmp_path / "shop")], check=True)
    with Image.open(tmp_path / "shop.png") as image:
        gray = image.convert("L")
        middle = round(gray.size[1] / 2)
        assert gray.getpixel((round(trim[0] - 2 * 72 / 25.4), middle)) < 200  # into the bleed
        assert gray.getpixel((round(trim[0] - 6 * 72 / 25.4), middle)) > 250  # and no further
    assert "Chương trình Ngày hội" in flat(pdf_text(shop, tmp_path))
