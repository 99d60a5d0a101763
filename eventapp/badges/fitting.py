"""Text in a badge's boxes: measured once, shrunk together, wrapped at word boundaries, and drawn
where it was fitted (noted for the tests that check nothing leaves its box)."""
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from ..pdf.text import wrap_lines

# An RGB colour, each component from 0 to 1 (reportlab's setFillColorRGB).
Colour = tuple[float, ...]
NAME_COLOR: Colour = (0.07, 0.09, 0.15)
# Noto Sans metrics (em fractions): a line's ink stays between baseline - DESCENT and
# baseline + ASCENT, stacked Vietnamese marks (Ễ, Ộ) included.
ASCENT, DESCENT, LEADING = 1.069, 0.293, 1.2
_WIDTHS: dict[tuple[str, str], float] = {}


def text_width(text: str, font: str, size: float) -> float:
    """stringWidth, remembered at size 1 (widths scale with the size): names share many words and
    reportlab measures TrueType text in pure Python."""
    key = (font, text)
    width = _WIDTHS.get(key)
    if width is None:
        if len(_WIDTHS) > 100_000:
            _WIDTHS.clear()
        width = _WIDTHS[key] = stringWidth(text, font, 1.0)
    return width * size


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """One line when it fits (the usual case, measured from the cache), else the shared word wrap."""
    if text_width(text, font, size) <= width:
        return [text]
    return wrap_lines(text, font, size, width, measure=text_width)


@dataclass
class Block:
    lines: list[str]
    font: str
    size: float
    color: Colour = NAME_COLOR

    @property
    def height(self) -> float:
        return self.size * ((len(self.lines) - 1) * LEADING + ASCENT + DESCENT) if self.lines else 0


def _column_height(blocks: Sequence[Block], gap: float) -> float:
    return sum(b.height for b in blocks) + sum(gap * b.size for b in blocks[1:])


def _one_line_size(text: str, font: str, size: float, width: float, floor: float, smallest: float = 0) -> float:
    """The size at which the text fits one line, if that is no smaller than floor x size nor than
    smallest (points); else the size itself (the text will wrap)."""
    natural = text_width(text, font, size)
    if natural <= width:
        return size
    fitted = size * width / natural * 0.999
    return fitted if fitted >= max(floor * size, smallest) else size


def _breaks_a_word(block: Block, width: float) -> bool:
    if len(block.lines) < 2:
        return False  # one line that fits: no word was broken
    return any(text_width(word, block.font, block.size) > width for line in block.lines for word in line.split())


def fit_column(items: Iterable[tuple[str, str, float, Colour]], width: float, height: float, gap: float = 0.3,
               one_line_floor: float = 0.65, whole_words_floor: float = 0.45, name_floor: float = 0) -> list[Block]:
    """items: (text, font, max size, colour). Returns blocks that fit width x height.

    The first item (the name) first shrinks, down to one_line_floor of its size and never below
    name_floor points, to stay on one line. Then one common scale shrinks every item, the name
    stopping at name_floor (read at a metre) while the others go on shrinking; only a name that
    cannot fit at name_floor at all shrinks below it. Words are only broken below
    whole_words_floor, for a word wider than the card. Every line is drawn at its size: nothing
    is cut off.
    """
    rows: list[list[Any]] = [list(item) for item in items if item[0]]
    if rows:
        rows[0][2] = _one_line_size(rows[0][0], rows[0][1], rows[0][2], width, one_line_floor, name_floor)
    for floor in ((name_floor, 0) if name_floor else (0,)):
        # Without the floor, any scale that keeps the name above it was tried with the floor
        # (and smaller details): start where the name drops below it.
        scale = 1.0 if floor or not name_floor or not rows else min(1.0, name_floor / rows[0][2])
        while True:
            blocks = [Block(_wrap(text, font, _size(size, scale, floor, index), width), font,
                            _size(size, scale, floor, index), color)
                      for index, (text, font, size, color) in enumerate(rows)]
            fits = _column_height(blocks, gap) <= height
            if fits and scale >= whole_words_floor and any(_breaks_a_word(b, width) for b in blocks):
                fits = False
            if fits:
                return blocks
            if scale < (whole_words_floor if floor else 0.01):
                break
            scale *= 0.93
    return blocks


def _size(size: float, scale: float, floor: float, index: int) -> float:
    return max(size * scale, min(floor, size)) if index == 0 else size * scale


class Painter:
    """Draws on one canvas and, for tests, notes where every line of text went (card coordinates)."""

    def __init__(self, canvas: Canvas, trace: list[dict[str, Any]] | None = None) -> None:
        self.canvas = canvas
        self.trace = trace
        self.notes: list[dict[str, Any]] = []

    def column(self, blocks: Sequence[Block], x: float, y: float, width: float, height: float, align: str = "center",
               gap: float = 0.3, valign: str = "middle") -> None:
        """Draws blocks in the box whose bottom-left corner is (x, y)."""
        c = self.canvas
        total = _column_height(blocks, gap)
        top = y + height - (height - total) / 2 if valign == "middle" else y + total if valign == "bottom" \
            else y + height
        for index, block in enumerate(blocks):
            if index:
                top -= gap * block.size
            c.setFont(block.font, block.size)
            c.setFillColorRGB(*block.color)
            baseline = top - ASCENT * block.size
            for line in block.lines:
                line_width = text_width(line, block.font, block.size)
                left = x + (width - line_width) / 2 if align == "center" else \
                    x + width - line_width if align == "right" else x
                c.drawString(left, baseline, line)
                if self.trace is not None:
                    self.notes.append({"text": line, "size": block.size, "x0": left, "x1": left + line_width,
                                       "y0": baseline - DESCENT * block.size, "y1": baseline + ASCENT * block.size,
                                       "box": (x, y, x + width, y + height)})
                baseline -= LEADING * block.size
            top -= block.height

    def flush(self, card_index: int, origin: tuple[float, float]) -> None:
        if self.trace is not None:
            for note in self.notes:
                self.trace.append({**note, "card": card_index, "origin": origin})
        self.notes = []
