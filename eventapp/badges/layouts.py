"""Where badges go on the paper: page size, card size, the cards' places and crop marks.

- a6: one A6 badge per page (105 x 148 mm), for a printer that takes A6 card.
- a4-4up: four badges per A4 sheet, each 95 x 134 mm (A6's proportions, a little smaller so that
  an office printer's unprintable margin and the crop marks fit around them), cut along the marks.
- a4-8cards: eight name cards of 90 x 55 mm (business-card size) per A4 sheet, with crop marks.
- label: one 62 x 100 mm label per page, for label printers on 62 mm rolls.

Each prints in a mode (for_mode): office, print shop, or monochrome for thermal label printers.
"""
from dataclasses import dataclass, replace

from reportlab.lib.pagesizes import A4, A6
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

CROP_OFFSET = 1.5 * mm  # marks start this far from the card, so a cut never shows them
CROP_LENGTH = 4 * mm
SAFE = 5 * mm  # an office printer prints nothing closer to the paper's edge
BLEED = 3 * mm  # a print shop wants the colour 3 mm past the cut
MARK_ROOM = 10 * mm  # around a single card in print-shop mode: the bleed, then the crop marks
# office: everything inside the printable area, no colour to the edge; print-shop: 3 mm bleed,
# crop marks and the trim box in the PDF; mono: as office, black and white only (thermal labels).
MODES = ("office", "print-shop", "mono")
Size = tuple[float, float]  # (width, height), or a point (x, y), in points


@dataclass(frozen=True)
class Layout:
    key: str
    page: Size
    card: Size
    slots: tuple[Size, ...]  # bottom-left corner of each card on the page, in reading order
    crop_marks: bool
    bleed: float = 0  # colour drawn this far past the card's edges
    safe: float = 0  # nothing drawn closer to the paper's edge
    trim: tuple[float, float, float, float] | None = None  # the card's box on the page, for the PDF's TrimBox

    @property
    def per_page(self) -> int:
        return len(self.slots)

    @property
    def landscape(self) -> bool:
        return self.card[0] > self.card[1]


def _grid(key: str, page: Size, card: Size, columns: int, rows: int, gutter: float) -> Layout:
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
# The layout document (eventapp.layouts) that designs the card of each sheet.
LAYOUT_KINDS = {"a6": "badge-a6", "a4-4up": "badge-a4-4up", "a4-8cards": "badge-card", "label": "badge-label"}


def get_layout(key: str) -> Layout:
    try:
        return LAYOUTS[key]
    except KeyError:
        raise ValueError(f"unknown badge layout {key!r}; one of {', '.join(LAYOUT_KEYS)}") from None


def with_card(layout: Layout, card: Size) -> Layout:
    """A single-card layout on paper of the card's size (a label roll of another width)."""
    if layout.per_page != 1 or card == layout.card:
        return layout
    return replace(layout, page=card, card=card)


def for_mode(layout: Layout, mode: str) -> Layout:
    """The layout as printed in a mode (see MODES). A single card on its own paper (a6, label)
    keeps everything 5 mm inside the paper's edge in office mode (its design is drawn with that
    margin), and sits in the middle of a larger page with its bleed and crop marks in print-shop
    mode; sheets of cards already have room around them."""
    if mode not in MODES:
        raise ValueError(f"unknown print mode {mode!r}; one of {', '.join(MODES)}")
    width, height = layout.card
    single = layout.per_page == 1
    if mode == "print-shop":
        if not single:
            return replace(layout, bleed=BLEED)
        pad = BLEED + MARK_ROOM
        return replace(layout, page=(width + 2 * pad, height + 2 * pad), slots=((pad, pad),), crop_marks=True,
                       bleed=BLEED, trim=(pad, pad, pad + width, pad + height))
    return replace(layout, safe=SAFE)


def draw_crop_marks(canvas: Canvas, layout: Layout, cards: int) -> None:
    """Short lines outside the corners of the first `cards` cards, along their edges: where to cut.
    They start beyond the bleed, and stop at the safe margin of the paper."""
    width, height = layout.card
    page_w, page_h = layout.page
    canvas.saveState()
    canvas.setLineWidth(0.3)
    canvas.setStrokeColorRGB(0, 0, 0)
    lines = []
    near = max(CROP_OFFSET, layout.bleed + 0.5 * mm)
    far = near + CROP_LENGTH

    def clip(value: float, limit: float) -> float:
        return min(max(value, layout.safe), limit - layout.safe)

    for x, y in layout.slots[:cards]:
        for cx, sx in ((x, -1), (x + width, 1)):
            for cy, sy in ((y, -1), (y + height, 1)):
                lines.append((clip(cx + sx * near, page_w), cy, clip(cx + sx * far, page_w), cy))
                lines.append((cx, clip(cy + sy * near, page_h), cx, clip(cy + sy * far, page_h)))
    canvas.lines([line for line in lines if (line[0], line[1]) != (line[2], line[3])])
    canvas.restoreState()
