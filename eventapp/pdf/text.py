"""Text in boxes: escaping for reportlab Paragraph markup, and fitting text so it never overflows."""
from xml.sax.saxutils import escape as _xml_escape

from reportlab.pdfbase.pdfmetrics import stringWidth


def escape(text):
    """Paragraphs parse markup: '<script>' or 'A & B <HTX>' must print as typed."""
    return _xml_escape(text or "")


def wrap_lines(text, font, size, width):
    """Greedy word wrap; a word longer than the width is broken by characters."""
    lines, current = [], ""
    for word in (text or "").split():
        while stringWidth(word, font, size) > width and len(word) > 1:
            cut = len(word)
            while cut > 1 and stringWidth(word[:cut], font, size) > width:
                cut -= 1
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:cut])
            word = word[cut:]
        candidate = f"{current} {word}".strip()
        if stringWidth(candidate, font, size) <= width:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines


def fit_text(text, font, max_size, width, height, min_size=5, max_lines=None, leading=1.2):
    """The largest font size (from max_size down to min_size) at which the wrapped text fits the
    box; returns (size, lines). At min_size it still wraps, so nothing is ever cut off."""
    size = max_size
    while True:
        lines = wrap_lines(text, font, size, width)
        fits_lines = max_lines is None or len(lines) <= max_lines
        if (fits_lines and len(lines) * size * leading <= height) or size <= min_size:
            return size, lines
        size = max(min_size, round(size - 0.5, 1))


def draw_fitted(canvas, text, font, max_size, x, y_top, width, height, align="center", **kwargs):
    """Draws text fitted in the box whose top-left corner is (x, y_top); returns the size used."""
    size, lines = fit_text(text, font, max_size, width, height, **kwargs)
    leading = size * kwargs.get("leading", 1.2)
    canvas.setFont(font, size)
    y = y_top - size
    for line in lines:
        if align == "center":
            canvas.drawCentredString(x + width / 2, y, line)
        elif align == "right":
            canvas.drawRightString(x + width, y, line)
        else:
            canvas.drawString(x, y, line)
        y -= leading
    return size
