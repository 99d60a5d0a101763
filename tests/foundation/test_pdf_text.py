import shutil
import subprocess
from io import BytesIO

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from eventapp.pdf.fonts import register_fonts
from eventapp.pdf.text import draw_fitted, escape, fit_text


def test_long_text_shrinks_and_wraps_inside_its_box():
    font, _ = register_fonts()
    name = "Nguyễn Thị Phương Thảo " * 4  # about 90 characters
    size, lines = fit_text(name, font, 20, 200, 60)
    assert size < 20 and lines
    assert all(stringWidth(line, font, size) <= 200 for line in lines)
    assert len(lines) * size * 1.2 <= 60
    assert " ".join(lines) == name.strip()


def test_escape_keeps_markup_inert():
    assert escape("Công ty A & B <HTX>") == "Công ty A &amp; B &lt;HTX&gt;"


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is not installed")
def test_vietnamese_comes_back_out_of_the_pdf(tmp_path):
    font, bold = register_fonts()
    buffer = BytesIO()
    canvas = Canvas(buffer)
    draw_fitted(canvas, "Nguyễn Mạnh Cường", bold, 18, 50, 800, 400, 40)
    draw_fitted(canvas, "Ngày hội Hợp tác xã", font, 14, 50, 700, 400, 40)
    canvas.save()
    path = tmp_path / "t.pdf"
    path.write_bytes(buffer.getvalue())
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Nguyễn Mạnh Cường" in text and "Ngày hội Hợp tác xã" in text
