"""Reading printed badges back as a user would: the text pdftotext sees, where it lies, and the
QR codes a real decoder finds in a 150 dpi rendering."""
import re
import shutil
import subprocess

import pytest

NAME = "Nguyễn Mạnh Cường"
EVENT_NAME = "Ngày hội Hợp tác xã"

needs_poppler = pytest.mark.skipif(not (shutil.which("pdftotext") and shutil.which("pdftoppm")),
                                   reason="pdftotext/pdftoppm (poppler-utils) are not installed")


def pdf_text(pdf, tmp_path, *args):
    path = tmp_path / "text.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", *args, str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def pdf_words(pdf, tmp_path, page=1):
    """[(word, xMin, yMin, xMax, yMax)] from pdftotext -bbox, in points from the page's top-left."""
    html = pdf_text(pdf, tmp_path, "-bbox", "-f", str(page), "-l", str(page))
    words = []
    for match in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', html):
        x0, y0, x1, y1, word = match.groups()
        words.append((word, float(x0), float(y0), float(x1), float(y1)))
    return words


def decode_qr_codes(pdf, tmp_path, page=1, dpi=150):
    """Rasterises one page as a printer would (pdftoppm at 150 dpi) and decodes every QR on it."""
    import zxingcpp
    from PIL import Image

    path = tmp_path / "qr.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-f", str(page), "-l", str(page), "-singlefile",
                    str(path), str(tmp_path / "page")], check=True)
    with Image.open(tmp_path / "page.png") as image:
        return [(r.text, r.ec_level) for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]


def page_count(pdf):
    return len(re.findall(rb"/Type /Page\b", pdf))


def text_sizes(pdf, page=1):
    """[(text, size in points)] of every string drawn on the page, read from the PDF itself: the
    font size times the text and page transformations' vertical scale."""
    from io import BytesIO

    from pypdf import PdfReader

    found = []

    def visit(text, cm, tm, _font, font_size):
        if text.strip():
            found.append((text.strip(), round(abs(font_size * tm[3] * cm[3]), 2)))

    PdfReader(BytesIO(pdf)).pages[page - 1].extract_text(visitor_text=visit)
    return found
