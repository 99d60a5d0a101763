"""Text in boxes: escaping for reportlab Paragraph markup, and fitting text so it never overflows."""
from xml.sax.saxutils import escape as _xml_escape

from reportlab.pdfbase.pdfmetrics import stringWidth


def escape(text):
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


def units(text, keep_last=2, with_next=True):
    """The words of the text grouped into units that a line break must not split. Without
    keep_last and with_next, only the place names and fixed phrases stay whole."""
    words = (text or "").split()
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
    result, current = [], []
    for word, glue in zip(words, glued):
        current.append(word)
        if not glue:
            result.append(" ".join(current))
            current = []
    return result


def _break_word(word, font, size, width, measure=stringWidth):
    pieces = []
    while measure(word, font, size) > width and len(word) > 1:
        cut = len(word)
        while cut > 1 and measure(word[:cut], font, size) > width:
            cut -= 1
        pieces.append(word[:cut])
        word = word[cut:]
    return pieces + [word]


def _pieces(unit, font, size, width, keep_last, measure=stringWidth):
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


def wrap_lines(text, font, size, width, keep_last=2, measure=None):
    """Greedy word wrap by units (see units()); a unit wider than the line is split into its words,
    and a word wider than the line by characters, so nothing is ever cut off. measure: a faster
    stringWidth (a cache) when the same words are measured many times."""
    measure = measure or stringWidth
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
