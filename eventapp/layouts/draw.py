"""The layout engine: draws one page of a layout document (eventapp.layouts.document) on a
reportlab canvas. Pure: data in, drawing out; no database, no Flask.

    draw_layout(canvas, layout, values, *, x, y, mode, fonts, colour, qr=None, images=None,
                width=None, height=None, margin=0, bleed=None, part="all", painter=None, select=None)

- layout: a document as validate() returns it (validated once by the caller, not on every page).
- values: {field: text} for "field" elements and an element's "details" ("full_name",
  "organization", "event_name", ...); "marks": a sequence of "priority" / "award" (door marks).
  A missing or empty value draws nothing.
- x, y: where the page's bottom-left corner goes on the canvas, in points.
- mode: "office" (nothing drawn within `margin` of the page's edge, no colour past it), "print-shop"
  (boxes and the background that touch an edge run on into the bleed), "mono" (black and white
  only, no images: thermal printers).
- fonts: (regular, bold) font names (eventapp.pdf.fonts.register_fonts()).
- colour: the guest's category colour "#rrggbb" (category_colour elements, contrast text).
- qr: the QR code's payload (the badge code); qr elements draw nothing without it.
- images: {"logo": an ImageReader or bytes}; image elements with inline data decode their own.
- width, height: the size to draw the page at, in points (default: the page's own size). Boxes
  follow; font sizes do not (text is fitted again in its box); a QR stays square.
- margin: points kept free along every edge in office and mono modes (5 mm for a single card on
  its own paper, 0 for a card on a sheet whose paper edge is elsewhere).
- bleed: points of bleed in print-shop mode (default: the page's bleed_mm).
- part: "all", "shared" (what is the same on every card of a category: background, logo, event
  fields, fixed text, boxes, lines, category) or "guest" (the rest: names, QR, codes, marks...):
  a renderer draws "shared" once into a PDF form per category and "guest" on each card.
- painter: an eventapp.badges.fitting.Painter, to collect where text went (tests); select: a
  predicate on elements, to draw only some (e.g. a pre-printed certificate's variable text).

Text fitting (shared with the badges, eventapp.badges.fitting): a text shrinks from font_size
towards min_font_size (and not below two thirds of font_size) to stay on one line; otherwise it
wraps at word boundaries (never splitting a Vietnamese place name, eventapp.pdf.text) at the
largest size, down to min_font_size, at which it fits its box. An element's "details" shrink
further while its own text keeps min_font_size. Only a text that cannot fit at min_font_size at
all shrinks below it: nothing is ever cut off or drawn outside its box.

Elements are drawn in the document's order, shared ones before a card's guest ones (a renderer
draws the shared part once per category, then each guest's part over it).
"""
import base64
import hashlib
import math
from collections.abc import Callable, Container, Mapping, Sequence
from io import BytesIO
from typing import Any, Literal

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from ..badges.fitting import Colour, Painter, fit_column, text_width
from ..qr import QUIET_ZONE, pdf_path_ops, qr_matrix
from .document import Document, Element

GUEST_FIELDS = frozenset({"full_name", "organization", "position", "badge_code", "short_code", "marks", "award",
                          "citation"})
MODES = ("office", "print-shop", "mono")
EDGE = 0.5 * mm  # a box this close to the page's edge runs on into the bleed
AWARD_MARK = "Nhận khen thưởng"
PRIORITY_MARK = "Ưu tiên"
AWARD_FILL, AWARD_TEXT = (0.96, 0.62, 0.04), (0.07, 0.09, 0.15)
PRIORITY_FILL, PRIORITY_TEXT = (0.73, 0.11, 0.11), (1, 1, 1)
_IMAGES: dict[str, ImageReader] = {}
Box = tuple[float, float, float, float]  # (x0, y0, x1, y1) in points
Mark = tuple[str, Colour, Colour, bool]  # a door mark's text, fill, ink, and whether it has a star


def hex_to_rgb(value: object, fallback: str = "#1d4ed8") -> Colour:
    value = value if isinstance(value, str) and len(value) == 7 and value[0] == "#" else fallback
    try:
        return tuple(int(value[i:i + 2], 16) / 255 for i in (1, 3, 5))
    except ValueError:
        return hex_to_rgb(fallback)


def text_on(rgb: Colour) -> Colour:
    """Black or white, whichever reads better on the colour (relative luminance)."""
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb)
    return (0.07, 0.09, 0.15) if 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.4 else (1, 1, 1)


def mono_ink(rgb: Colour) -> Colour:
    """Black or white: a thermal printer has no grey, it dithers one into speckles."""
    r, g, b = rgb
    level = 1 if 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.5 else 0
    return level, level, level


def is_guest_element(element: Element) -> bool:
    """Whether the element differs between two guests of one category (see part=)."""
    if element["type"] == "qr":
        return True
    fields = [element.get("field"), *element.get("details", ())]
    return any(f in GUEST_FIELDS for f in fields)


# ----- the page --------------------------------------------------------------------------------
class _Page:
    """Millimetres from the top-left → points from the bottom-left, and the box nothing leaves."""

    def __init__(self, layout: Document, mode: str, width: float | None, height: float | None, margin: float,
                 bleed: float | None) -> None:
        page = layout["page"]
        self.w_mm, self.h_mm = page["width_mm"], page["height_mm"]
        self.width = width or self.w_mm * mm
        self.height = height or self.h_mm * mm
        self.sx, self.sy = self.width / (self.w_mm * mm), self.height / (self.h_mm * mm)
        self.print_shop = mode == "print-shop"
        if self.print_shop:
            b = page["bleed_mm"] * mm if bleed is None else bleed
            self.limits = (-b, -b, self.width + b, self.height + b)
        else:
            self.limits = (margin, margin, self.width - margin, self.height - margin)

    def rect(self, element: Element, extend: bool = False) -> Box | None:
        """(x0, y0, x1, y1) in points, kept inside the limits; None when nothing is left."""
        x0 = element["x_mm"] * mm * self.sx
        x1 = (element["x_mm"] + element["w_mm"]) * mm * self.sx
        y1 = self.height - element["y_mm"] * mm * self.sy
        y0 = self.height - (element["y_mm"] + element["h_mm"]) * mm * self.sy
        lx0, ly0, lx1, ly1 = self.limits
        if extend and self.print_shop:  # colour to a cut edge runs on into the bleed
            x0 = lx0 if x0 <= EDGE else x0
            y0 = ly0 if y0 <= EDGE else y0
            x1 = lx1 if x1 >= self.width - EDGE else x1
            y1 = ly1 if y1 >= self.height - EDGE else y1
        x0, y0, x1, y1 = max(x0, lx0), max(y0, ly0), min(x1, lx1), min(y1, ly1)
        if x1 - x0 < 0.01 or y1 - y0 < 0.01:
            return None
        return x0, y0, x1, y1


def draw_layout(canvas: Canvas, layout: Document, values: Mapping[str, Any], *, x: float, y: float,
                mode: str = "office", fonts: tuple[str, str], colour: str = "#1d4ed8", qr: str | None = None,
                images: Mapping[str, ImageReader | bytes] | None = None, width: float | None = None,
                height: float | None = None, margin: float = 0, bleed: float | None = None, part: str = "all",
                painter: Painter | None = None, select: Callable[[Element], bool] | None = None) -> None:
    """Draws the page of the layout with its bottom-left corner at (x, y). See the module's docstring."""
    if mode not in MODES:
        raise ValueError(f"unknown print mode {mode!r}")
    page = _Page(layout, mode, width, height, margin, bleed)
    painter = painter or Painter(canvas)
    mono = mode == "mono"
    category_rgb = hex_to_rgb(colour)
    canvas.saveState()
    if x or y:
        canvas.translate(x, y)
    if part != "guest" and layout.get("background") and not mono:
        _draw_background(canvas, page, layout["background"])
    for element in layout["elements"]:
        if part != "all" and is_guest_element(element) != (part == "guest"):
            continue
        if select is not None and not select(element):
            continue
        kind = element["type"]
        rect = page.rect(element, extend=kind == "box")
        if kind == "line":
            _draw_line(canvas, page, element, category_rgb, mono)
        elif rect is None:
            continue
        elif kind == "box":
            _draw_box(canvas, rect, element, category_rgb, mono)
        elif kind == "qr":
            if qr:
                side = min(rect[2] - rect[0], rect[3] - rect[1])
                draw_qr(canvas, qr, (rect[0] + rect[2] - side) / 2, (rect[1] + rect[3] - side) / 2, side)
        elif kind == "image":
            if not mono:
                _draw_image(canvas, rect, element, images or {})
        elif element.get("field") == "marks":
            marks = marks_of(values.get("marks") or (), mono)
            if marks:
                with _rotated(canvas, rect, element["rotate"]) as (bx, by, bw, bh):
                    draw_marks(painter, marks, fonts[1], element["font_size"], bx, by, bw, bh, element["align"])
        else:
            _draw_text(canvas, painter, rect, element, values, fonts, category_rgb, mono)
    canvas.restoreState()


# ----- element kinds ---------------------------------------------------------------------------
def _ink(element: Element, category_rgb: Colour, mono: bool) -> Colour:
    if element.get("contrast"):
        rgb = text_on(mono_ink(category_rgb) if mono else category_rgb)
    elif element.get("category_colour"):
        rgb = category_rgb
    else:
        rgb = hex_to_rgb(element.get("color"), "#111827")
    return mono_ink(rgb) if mono else rgb


def _draw_box(canvas: Canvas, rect: Box, element: Element, category_rgb: Colour, mono: bool) -> None:
    rgb = _ink(element, category_rgb, mono)
    x0, y0, x1, y1 = rect
    if element.get("fill", True):
        canvas.setFillColorRGB(*rgb)
        canvas.rect(x0, y0, x1 - x0, y1 - y0, stroke=0, fill=1)
    else:
        half = element.get("line_width", 0.75) / 2  # the border stays inside the box
        canvas.setStrokeColorRGB(*rgb)
        canvas.setLineWidth(2 * half)
        canvas.rect(x0 + half, y0 + half, x1 - x0 - 2 * half, y1 - y0 - 2 * half, stroke=1, fill=0)


def _draw_line(canvas: Canvas, page: _Page, element: Element, category_rgb: Colour, mono: bool) -> None:
    x0 = element["x_mm"] * mm * page.sx
    y0 = page.height - element["y_mm"] * mm * page.sy
    x1 = x0 + element["w_mm"] * mm * page.sx
    y1 = y0 - element["h_mm"] * mm * page.sy
    lx0, ly0, lx1, ly1 = page.limits
    if min(x0, x1) < lx0 or max(x0, x1) > lx1 or min(y0, y1) < ly0 or max(y0, y1) > ly1:
        canvas.saveState()  # a line past the printable area is cut at it
        path = canvas.beginPath()
        path.rect(lx0, ly0, lx1 - lx0, ly1 - ly0)
        canvas.clipPath(path, stroke=0, fill=0)
        _stroke(canvas, element, category_rgb, mono, x0, y0, x1, y1)
        canvas.restoreState()
    else:
        _stroke(canvas, element, category_rgb, mono, x0, y0, x1, y1)


def _stroke(canvas: Canvas, element: Element, category_rgb: Colour, mono: bool, x0: float, y0: float, x1: float,
            y1: float) -> None:
    canvas.setStrokeColorRGB(*_ink(element, category_rgb, mono))
    canvas.setLineWidth(element.get("line_width", 0.75))
    canvas.line(x0, y0, x1, y1)


def _reader(data: str | bytes) -> ImageReader:
    key = hashlib.sha1(data.encode() if isinstance(data, str) else data).hexdigest()
    reader = _IMAGES.get(key)
    if reader is None:
        if len(_IMAGES) > 32:
            _IMAGES.clear()
        raw = base64.b64decode(data) if isinstance(data, str) else data
        reader = _IMAGES[key] = ImageReader(BytesIO(raw))
    return reader


def _draw_image(canvas: Canvas, rect: Box, element: Element, images: Mapping[str, ImageReader | bytes]) -> None:
    source = element.get("data") or images.get(element.get("field", "logo"))
    if not source:
        return
    reader = source if isinstance(source, ImageReader) else _reader(source)
    x0, y0, x1, y1 = rect
    anchor = {"left": "w", "right": "e"}.get(element.get("align", ""), "c")
    with _rotated(canvas, rect, element["rotate"]) as (bx, by, bw, bh):
        canvas.drawImage(reader, bx, by, bw, bh, mask="auto", preserveAspectRatio=True, anchor=anchor)


def _draw_background(canvas: Canvas, page: _Page, background: Mapping[str, Any]) -> None:
    x0, y0, x1, y1 = page.limits
    canvas.saveState()
    path = canvas.beginPath()
    path.rect(x0, y0, x1 - x0, y1 - y0)
    canvas.clipPath(path, stroke=0, fill=0)
    if page.print_shop:  # the picture covers the bleed too
        canvas.drawImage(_reader(background["data"]), x0, y0, x1 - x0, y1 - y0)
    else:
        canvas.drawImage(_reader(background["data"]), 0, 0, page.width, page.height)
    canvas.restoreState()


class _rotated:
    """Inside: the element's box (x, y, w, h) in a frame turned by its rotation about the box's centre."""

    def __init__(self, canvas: Canvas, rect: Box, angle: int) -> None:
        self.canvas, self.rect, self.angle = canvas, rect, angle

    def __enter__(self) -> Box:
        x0, y0, x1, y1 = self.rect
        w, h = x1 - x0, y1 - y0
        if not self.angle:
            return x0, y0, w, h
        self.canvas.saveState()
        self.canvas.translate((x0 + x1) / 2, (y0 + y1) / 2)
        self.canvas.rotate(-self.angle)  # clockwise, as a designer turns it
        if self.angle in (90, 270):
            w, h = h, w
        return -w / 2, -h / 2, w, h

    def __exit__(self, *exc: object) -> Literal[False]:
        if self.angle:
            self.canvas.restoreState()
        return False


def _draw_text(canvas: Canvas, painter: Painter, rect: Box, element: Element, values: Mapping[str, Any],
               fonts: tuple[str, str], category_rgb: Colour, mono: bool) -> None:
    regular, bold = fonts
    own = element.get("text", "") if element["type"] == "text" else values.get(element.get("field", ""), "")
    own = str(own or "")
    ink = _ink(element, category_rgb, mono)
    items = [(own, bold if element.get("bold") else regular, element["font_size"], ink)] if own else []
    detail_ink = ink if element.get("contrast") or element.get("category_colour") else \
        (mono_ink((0.22, 0.25, 0.32)) if mono else (0.22, 0.25, 0.32))
    for field in element.get("details", ()):
        text = str(values.get(field) or "")
        if text:
            items.append((text, regular, element.get("detail_font_size", element["font_size"] / 2), detail_ink))
    if not items:
        return
    with _rotated(canvas, rect, element["rotate"]) as (bx, by, bw, bh):
        floor = element["min_font_size"] if own else 0
        blocks = fit_column(items, bw, bh, gap=0.3 if len(items) > 1 else 0, name_floor=floor)
        painter.column(blocks, bx, by, bw, bh, align=element.get("align", "center"),
                       gap=0.3 if len(items) > 1 else 0, valign=element.get("valign", "middle"))


# ----- QR and marks ----------------------------------------------------------------------------
def draw_qr(canvas: Canvas, token: str, x: float, y: float, side: float) -> None:
    """The code as vector modules in the square (x, y, side), its quiet zone included."""
    matrix = qr_matrix(token)
    module = side / (len(matrix) + 2 * QUIET_ZONE)
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    # Module units, y downwards from the symbol's top-left corner: integer coordinates.
    canvas.transform(module, 0, 0, -module, x + QUIET_ZONE * module, y + side - QUIET_ZONE * module)
    canvas.addLiteral(pdf_path_ops(matrix))
    canvas.restoreState()


def marks_of(keys: Container[str], mono: bool = False) -> list[Mark]:
    """(text, fill, ink, star) of the door's marks. In black and white the priority mark is solid and
    the award mark white: a thermal printer would dither their colours to the same grey."""
    marks: list[Mark] = []
    if "priority" in keys:
        marks.append((PRIORITY_MARK, (0, 0, 0) if mono else PRIORITY_FILL, PRIORITY_TEXT, True))
    if "award" in keys:
        marks.append((AWARD_MARK, (1, 1, 1) if mono else AWARD_FILL, (0, 0, 0) if mono else AWARD_TEXT, False))
    return marks


def _pill_width(mark: Mark, font: str, size: float) -> float:
    text, _fill, _ink, star = mark
    return text_width(text, font, size) + 1.4 * size + (1.3 * size if star else 0)


def _mark_rows(marks: Sequence[Mark], font: str, size: float, width: float) -> list[list[tuple[Mark, float]]]:
    gap = 0.6 * size
    rows: list[list[tuple[Mark, float]]] = []
    row: list[tuple[Mark, float]] = []
    used = 0.0
    for mark in marks:
        w = _pill_width(mark, font, size)
        if row and used + gap + w > width:
            rows.append(row)
            row, used = [], 0
        used += (gap if row else 0) + w
        row.append((mark, w))
    rows.append(row)
    return rows


def draw_marks(painter: Painter, marks: Sequence[Mark], font: str, size: float, x: float, y: float, width: float,
               height: float, align: str = "center") -> None:
    """Pills in rows inside the box (x, y, width, height), shrunk until they fit; from its top."""
    while size > 3 and max(_pill_width(m, font, size) for m in marks) > width:
        size *= 0.93
    rows = _mark_rows(marks, font, size, width)
    while size > 3 and len(rows) * 1.9 * size + (len(rows) - 1) * 0.6 * size > height:
        size *= 0.93
        rows = _mark_rows(marks, font, size, width)
    gap, pill_h = 0.6 * size, 1.9 * size
    c = painter.canvas
    top = y + height
    for row in rows:
        top -= pill_h
        row_w = sum(w for _m, w in row) + gap * (len(row) - 1)
        left = x + (width - row_w) / 2 if align == "center" else x + width - row_w if align == "right" else x
        for (text, fill, ink, star), w in row:
            c.setFillColorRGB(*fill)
            c.setStrokeColorRGB(*ink)
            c.setLineWidth(0.8)
            c.roundRect(left, top, w, pill_h, pill_h / 2, stroke=int(fill == (1, 1, 1)), fill=1)
            c.setFillColorRGB(*ink)
            text_x = left + 0.7 * size
            if star:
                _star(c, text_x + 0.5 * size, top + pill_h / 2, 0.6 * size)
                text_x += 1.3 * size
            c.setFont(font, size)
            c.drawString(text_x, top + pill_h / 2 - 0.36 * size, text)
            if painter.trace is not None:
                painter.notes.append({"text": text, "size": size, "x0": left, "x1": left + w, "y0": top,
                                      "y1": top + pill_h, "box": (x, y, x + width, y + height)})
            left += w + gap
        top -= gap


def _star(canvas: Canvas, cx: float, cy: float, radius: float) -> None:
    points = []
    for i in range(10):
        r = radius if i % 2 == 0 else radius * 0.42
        angle = math.pi / 2 + i * math.pi / 5
        points.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
    path = canvas.beginPath()
    path.moveTo(*points[0])
    for point in points[1:]:
        path.lineTo(*point)
    path.close()
    canvas.drawPath(path, stroke=0, fill=1)
