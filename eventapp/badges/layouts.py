"""Where badges go on the paper: page size, card size, the cards' places and crop marks.

- a6: one A6 badge per page (105 x 148 mm), for a printer that takes A6 card.
- a4-4up: four badges per A4 sheet, each 95 x 134 mm (A6's proportions, a little smaller so that
  an office printer's unprintable margin and the crop marks fit around them), cut along the marks.
- a4-8cards: eight name cards of 90 x 55 mm (business-card size) per A4 sheet, with crop marks.
- label: one 62 x 100 mm label per page, for label printers on 62 mm rolls.
"""
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4, A6
from reportlab.lib.units import mm

CROP_OFFSET = 1.5 * mm  # marks start this far from the card, so a cut never shows them
CROP_LENGTH = 4 * mm


@dataclass(frozen=True)
class Layout:
    key: str
    page: tuple
    card: tuple
    slots: tuple  # bottom-left corner of each card on the page, in reading order
    crop_marks: bool

    @property
    def per_page(self):
        return len(self.slots)

    @property
    def landscape(self):
        return self.card[0] > self.card[1]


def _grid(key, page, card, columns, rows, gutter):
    """Cards centred on the page, with `gutter` between them; slots read left to right, top down."""
    width, height = card
    left = (page[0] - columns * width - (columns - 1) * gutter) / 2
    bottom = (page[1] - rows * height - (rows - 1) * gutter) / 2
    slots = tuple(
        (left + col * (width + gutter), bottom + (rows - 1 - row) * (height + gutter))
        for row in range(rows) for col in range(columns)
    )
    return Layout(key, page, card, slots, crop_marks=True)


LAYOUTS = {
    "a6": Layout("a6", A6, A6, ((0, 0),), crop_marks=False),
    "a4-4up": _grid("a4-4up", A4, (95 * mm, 134 * mm), 2, 2, 8 * mm),
    "a4-8cards": _grid("a4-8cards", A4, (90 * mm, 55 * mm), 2, 4, 8 * mm),
    "label": Layout("label", (62 * mm, 100 * mm), (62 * mm, 100 * mm), ((0, 0),), crop_marks=False),
}
LAYOUT_KEYS = tuple(LAYOUTS)


def get_layout(key):
    try:
        return LAYOUTS[key]
    except KeyError:
        raise ValueError(f"unknown badge layout {key!r}; one of {', '.join(LAYOUT_KEYS)}") from None


def draw_crop_marks(canvas, layout, cards):
    """Short lines outside the corners of the first `cards` cards, along their edges: where to cut."""
    width, height = layout.card
    canvas.saveState()
    canvas.setLineWidth(0.3)
    canvas.setStrokeColorRGB(0, 0, 0)
    lines = []
    near, far = CROP_OFFSET, CROP_OFFSET + CROP_LENGTH
    for x, y in layout.slots[:cards]:
        for cx, sx in ((x, -1), (x + width, 1)):
            for cy, sy in ((y, -1), (y + height, 1)):
                lines.append((cx + sx * near, cy, cx + sx * far, cy))
                lines.append((cx, cy + sy * near, cx, cy + sy * far))
    canvas.lines(lines)
    canvas.restoreState()
