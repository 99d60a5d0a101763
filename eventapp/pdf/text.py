"""Text in boxes: escaping for reportlab Paragraph markup, and fitting text so it never overflows."""
from collections.abc import Callable
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape as _xml_escape

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

# (text, font, size) -> width in points: reportlab's stringWidth, or a cache in front of it.
Measure = Callable[[str, str, float], float]


def escape(text: str | None) -> str:
    """Paragraphs parse markup: '<script>' or 'A & B <HTX>' must print as typed."""
    return _xml_escape(text or "")


# The typographic rules of every PDF: a line never ends between the words of a Vietnamese place
# name ("Hải / Phòng"), after a word that introduces a name ("Phòng / họp số 2", "số / 3"), or
# before the last word of a text (a widow: the last two syllables stay together).
KEEP_TOGETHER = ("Hải Phòng", "Hà Nội", "Thành phố Hồ Chí Minh", "Hồ Chí Minh", "Đà Nẵng", "Cần Thơ", "Quảng Ninh",
                 "Thái Bình", "Hải Dương", "Hưng Yên", "Việt Nam", "hợp tác xã", "Hợp tác xã", "HỢP TÁC XÃ",
                 "thành phố", "Thành phố", "THÀNH PHỐ", "Liên minh", "Ủy ban nhân dân")
KEEP_WITH_NEXT = {"phòng", "tầng", "số", "tỉnh", "quận", "huyện", "phường", "ông", "bà", "tm.", "kt."}
_PHRASES = sorted({tuple(p.lower().split()) for p in KEEP_TOGETHER}, key=len, reverse=True)


def units(text: str | None, keep_last: int = 2, with_next: bool = True) -> list[str]:
    """The words of the text grouped into units that a line break must not split. Without
    keep_last and with_next, only the place names and fixed phrases stay whole."""
    return list(_units(text or "", keep_last, with_next))


@lru_cache(maxsize=8192)
def _units(text: str, keep_last: int, with_next: bool) -> tuple[str, ...]:
    # Fitting a text tries several sizes, each wrapping the same words: grouped once.
    words = text.split()
    lowered = [w.lower().strip(",.;:") for w in words]
    glued = [False] * len(words)  # glued[i]: no break between word i and word i + 1
    for phrase in _PHRASES:
        n = len(phrase)
        for start in range(len(words) - n + 1):
            if tuple(lowered[start:start + n]) == phrase and not words[start + n - 1].endswith(","):
                for i in range(start, start + n - 1):
                    glued[i] = True
    for i, word in enumerate(lowered[:-1] if with_next else ()):
        if word in KEEP_WITH_NEXT and not words[i].endswith((",", ".", ";", ":")) and len(words) > 2:
            glued[i] = True
    if keep_last and len(words) > keep_last:
        for i in range(len(words) - keep_last, len(words) - 1):
            glued[i] = True
    result: list[str] = []
    current: list[str] = []
    for word, glue in zip(words, glued):
        current.append(word)
        if not glue:
            result.append(" ".join(current))
            current = []
    return tuple(result)


@lru_cache(maxsize=65536)
def _width(text: str, font: str, size: float) -> float:
    return stringWidth(text, font, size)


def _break_word(word: str, font: str, size: float, width: float, measure: Measure = stringWidth) -> list[str]:
    pieces = []
    while measure(word, font, size) > width and len(word) > 1:
        cut = len(word)
        while cut > 1 and measure(word[:cut], font, size) > width:
            cut -= 1
        pieces.append(word[:cut])
        word = word[cut:]
    return pieces + [word]


def _pieces(unit: str, font: str, size: float, width: float, keep_last: int,
            measure: Measure = stringWidth) -> list[str]:
    """The unit, or when it is wider than the line its pieces: the rules give way weakest first
    (a word kept with the next, then the last two words, then place names, then characters)."""
    if measure(unit, font, size) <= width:
        return [unit]
    pieces = []
    for phrase in units(unit, keep_last=keep_last, with_next=False):
        if measure(phrase, font, size) <= width:
            pieces.append(phrase)
            continue
        for name in units(phrase, keep_last=0, with_next=False):
            if measure(name, font, size) <= width:
                pieces.append(name)
            else:
                pieces += [piece for word in name.split() for piece in _break_word(word, font, size, width, measure)]
    return pieces


def wrap_lines(text: str | None, font: str, size: float, width: float, keep_last: int = 2,
               measure: Measure | None = None) -> list[str]:
    """Greedy word wrap by units (see units()); a unit wider than the line is split into its words,
    and a word wider than the line by characters, so nothing is ever cut off. measure: a faster
    stringWidth (a cache) when the same words are measured many times."""
    measure = measure or _width
    lines, current = [], ""
    for unit in units(text, keep_last):
        for part in _pieces(unit, font, size, width, keep_last, measure):
            candidate = f"{current} {part}".strip()
            if measure(candidate, font, size) <= width:
                current = candidate
            else:
                if current:
                    lines.append(current)
                current = part
    if current:
        lines.append(current)
    return lines


def fit_text(text: str | None, font: str, max_size: float, width: float, height: float, min_size: float = 5,
             max_lines: int | None = None, leading: float = 1.2,
             measure: Measure | None = None) -> tuple[float, list[str]]:
    """The largest font size (from max_size down to min_size) at which the wrapped text fits the
    box; returns (size, lines). At min_size it still wraps, so nothing is ever cut off."""
    size = max_size
    while True:
        lines = wrap_lines(text, font, size, width, measure=measure)
        fits_lines = max_lines is None or len(lines) <= max_lines
        if (fits_lines and len(lines) * size * leading <= height) or size <= min_size:
            return size, lines
        size = max(min_size, round(size - 0.5, 1))


def draw_fitted(canvas: Canvas, text: str | None, font: str, max_size: float, x: float, y_top: float, width: float,
                height: float, align: str = "center", **kwargs: Any) -> float:
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
