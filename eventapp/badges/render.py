"""Badge PDFs: plain data in, PDF bytes out (no database, no Flask, no HTTP errors).

Each card: the event (logo, name, date) at the top, marks for door staff (award recipient,
priority guest), the guest's name, position and organisation, the QR code, and a band in the
category's colour with the category's name. Text is drawn with the embedded Noto Sans (Vietnamese
comes back out of the PDF exactly) as plain strings, never parsed as markup, so "<script>" or
"A & B <HTX>" print as typed. Name, position and organisation share one scale that shrinks, and
wrap, until the block fits its box: nothing is ever cut off or drawn outside the card.

Under the QR, its short code (eventapp.tokens.short_code) for typing when the QR will not read.
The QR is vector rectangles (one per run of dark modules, integers in module units under a
transformation), sharp at any printer resolution. The parts every card of a category shares
(header, logo, band) are drawn once as a PDF form and placed on each card: 1,000 badges cost one
copy of the logo, not a thousand.
"""
import math
import re
from contextlib import contextmanager
from dataclasses import dataclass
from io import BytesIO

from reportlab import rl_config
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader

from ..pdf.document import new_canvas
from ..pdf.fonts import register_fonts
from ..qr import QUIET_ZONE, pdf_path_ops, qr_matrix
from ..tokens import short_code
from .fitting import NAME_COLOR, Painter, fit_column, text_width
from .layouts import draw_crop_marks, for_mode, get_layout

DEFAULT_COLOR = "#1d4ed8"
# Badge words are in the event's language, whoever prints them.
AWARD_MARK = "Nhận khen thưởng"
PRIORITY_MARK = "Ưu tiên"
AWARD_FILL, AWARD_TEXT = (0.96, 0.62, 0.04), (0.07, 0.09, 0.15)
PRIORITY_FILL, PRIORITY_TEXT = (0.73, 0.11, 0.11), (1, 1, 1)
DETAIL_COLOR = (0.22, 0.25, 0.32)

_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass(frozen=True)
class EventHeader:
    name: str
    date_text: str = ""
    logo: bytes | None = None
    organiser: str = ""  # the PDF's author


@dataclass(frozen=True)
class Badge:
    token: str
    full_name: str
    position: str = ""
    organization: str = ""
    category: str = ""
    color: str = DEFAULT_COLOR
    award: bool = False  # receives an award on stage: seated near the stage
    priority: bool = False  # escorted at the door (leaders, guests who need attention)


@dataclass(frozen=True)
class Style:
    """Proportions of a card, and font sizes at the reference card size (scaled with the card)."""

    reference: tuple
    header: float  # share of the card height
    band: float
    qr: float  # side of the QR box (quiet zone included), share of the card height
    sizes: dict


PORTRAIT = Style((105 * mm, 148 * mm), header=0.16, band=0.10, qr=0.40,
                 sizes={"event": 12.5, "date": 10, "name": 26, "detail": 13, "band": 18, "mark": 9, "code": 9})
LANDSCAPE = Style((90 * mm, 55 * mm), header=0.20, band=0.14, qr=0.66,
                  sizes={"event": 8.5, "date": 7.5, "name": 20, "detail": 9, "band": 11, "mark": 7, "code": 7})
# A label is read at the door too: a smaller QR leaves room for the name and a readable header.
LABEL = Style((52 * mm, 90 * mm), header=0.14, band=0.09, qr=0.30,
              sizes={"event": 8, "date": 7, "name": 20, "detail": 8, "band": 11, "mark": 7, "code": 6.5})
CODE_MIN = 6.5  # points: the short code stays legible on the smallest card
NAME_MIN = 18  # points: a name read at a metre, on every layout


def hex_to_rgb(value):
    value = value if isinstance(value, str) and _HEX.match(value) else DEFAULT_COLOR
    return tuple(int(value[i:i + 2], 16) / 255 for i in (1, 3, 5))


def text_on(rgb):
    """Black or white, whichever reads better on the colour (relative luminance)."""
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb)
    return (0.07, 0.09, 0.15) if 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.4 else (1, 1, 1)


# ----- the parts of a card ---------------------------------------------------------------------
def _scale(style, width, height):
    return min(width / style.reference[0], height / style.reference[1])


def _draw_shared(painter, header, logo, category, color, style, width, height, fonts, bleed=0):
    """Header (logo, event name and date) and the category band: the same on every card of a category.
    With a bleed, the band runs that far past the card's left, right and bottom edges."""
    c = painter.canvas
    regular, bold = fonts
    k = _scale(style, width, height)
    margin = max(3 * mm, 0.045 * width)
    header_h = style.header * height
    pad = 0.12 * header_h
    box_bottom, box_h = height - header_h + pad, header_h - 1.6 * pad
    text_x, text_w, align = margin, width - 2 * margin, "center"
    if logo is not None:
        image_w, image_h = logo.getSize()
        logo_w = min(box_h * image_w / image_h, 0.3 * text_w)
        logo_h = logo_w * image_h / image_w
        c.drawImage(logo, margin, box_bottom + (box_h - logo_h) / 2, logo_w, logo_h, mask="auto")
        text_x, text_w, align = margin + logo_w + 2 * mm, text_w - logo_w - 2 * mm, "left"
    blocks = fit_column([(header.name, bold, style.sizes["event"] * k, NAME_COLOR),
                         (header.date_text, regular, style.sizes["date"] * k, DETAIL_COLOR)],
                        text_w, box_h, gap=0.15)
    painter.column(blocks, text_x, box_bottom, text_w, box_h, align=align, gap=0.15)
    c.setStrokeColorRGB(0.82, 0.84, 0.86)
    c.setLineWidth(0.6)
    c.line(margin, height - header_h, width - margin, height - header_h)

    rgb = hex_to_rgb(color)
    band_h = style.band * height
    c.setFillColorRGB(*rgb)
    c.rect(-bleed, -bleed, width + 2 * bleed, band_h + bleed, stroke=0, fill=1)
    band = fit_column([(category, bold, style.sizes["band"] * k, text_on(rgb))],
                      width - 2 * margin, 0.8 * band_h)
    painter.column(band, margin, 0.1 * band_h, width - 2 * margin, 0.8 * band_h)


def _star(canvas, cx, cy, radius):
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


def _marks(badge, mono=False):
    """(text, fill, ink, star). In black and white the priority mark is solid and the award mark
    white: a thermal printer would dither their colours to the same grey."""
    marks = []
    if badge.priority:
        marks.append((PRIORITY_MARK, (0, 0, 0) if mono else PRIORITY_FILL, PRIORITY_TEXT, True))
    if badge.award:
        marks.append((AWARD_MARK, (1, 1, 1) if mono else AWARD_FILL, (0, 0, 0) if mono else AWARD_TEXT, False))
    return marks


def _pill_width(mark, font, size):
    text, _fill, _ink, star = mark
    return text_width(text, font, size) + 1.4 * size + (1.3 * size if star else 0)


def _draw_marks(painter, marks, font, size, x, top, width, align):
    """Pills in rows, shrunk until the widest fits; returns the height used."""
    if not marks:
        return 0
    while size > 3 and max(_pill_width(m, font, size) for m in marks) > width:
        size *= 0.93
    gap, pill_h = 0.6 * size, 1.9 * size
    rows, row, used = [], [], 0
    for mark in marks:
        w = _pill_width(mark, font, size)
        if row and used + gap + w > width:
            rows.append(row)
            row, used = [], 0
        used += (gap if row else 0) + w
        row.append((mark, w))
    rows.append(row)
    c = painter.canvas
    y = top
    for row in rows:
        y -= pill_h
        row_w = sum(w for _m, w in row) + gap * (len(row) - 1)
        left = x + (width - row_w) / 2 if align == "center" else x
        for (text, fill, ink, star), w in row:
            c.setFillColorRGB(*fill)
            c.setStrokeColorRGB(*ink)
            c.setLineWidth(0.8)
            c.roundRect(left, y, w, pill_h, pill_h / 2, stroke=int(fill == (1, 1, 1)), fill=1)
            c.setFillColorRGB(*ink)
            text_x = left + 0.7 * size
            if star:
                _star(c, text_x + 0.5 * size, y + pill_h / 2, 0.6 * size)
                text_x += 1.3 * size
            c.setFont(font, size)
            c.drawString(text_x, y + pill_h / 2 - 0.36 * size, text)
            if painter.trace is not None:
                painter.notes.append({"text": text, "size": size, "x0": left, "x1": left + w,
                                      "y0": y, "y1": y + pill_h, "box": (x, y, x + width, top)})
            left += w + gap
        y -= gap
    return top - y


def draw_qr(canvas, token, x, y, side):
    """The code as vector modules in the square (x, y, side), its quiet zone included."""
    matrix = qr_matrix(token)
    module = side / (len(matrix) + 2 * QUIET_ZONE)
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    # Module units, y downwards from the symbol's top-left corner: integer coordinates.
    canvas.transform(module, 0, 0, -module, x + QUIET_ZONE * module, y + side - QUIET_ZONE * module)
    canvas.addLiteral(pdf_path_ops(matrix))
    canvas.restoreState()


def _draw_code(painter, badge, x_centre, baseline, size, font):
    """The short code under the QR, for typing at the door when the QR will not read."""
    code = short_code(badge.token)
    c = painter.canvas
    c.setFont(font, size)
    c.setFillColorRGB(0, 0, 0)
    c.drawCentredString(x_centre, baseline, code)
    if painter.trace is not None:
        w = text_width(code, font, size)
        box = (x_centre - w / 2, baseline - 0.3 * size, x_centre + w / 2, baseline + 1.07 * size)
        painter.notes.append({"text": code, "size": size, "x0": box[0], "x1": box[2], "y0": box[1], "y1": box[3],
                              "box": box})


def _draw_guest(painter, badge, style, landscape, width, height, fonts, mono=False):
    regular, bold = fonts
    k = _scale(style, width, height)
    margin = max(3 * mm, 0.045 * width)
    header_h, band_h = style.header * height, style.band * height
    body_bottom, body_top = band_h + 0.01 * height, height - header_h - 0.02 * height
    code_size = max(CODE_MIN, style.sizes["code"] * k)
    code_h = 1.5 * code_size
    if landscape:
        side = min(body_top - body_bottom - code_h, 0.42 * width)
        qr_x = width - side - 0.3 * margin
        qr_y = body_bottom + code_h + (body_top - body_bottom - code_h - side) / 2
        draw_qr(painter.canvas, badge.token, qr_x, qr_y, side)
        _draw_code(painter, badge, qr_x + side / 2, qr_y - code_h + 0.35 * code_size, code_size, regular)
        text_x, text_w, text_bottom, align = margin, qr_x - margin, body_bottom, "left"
    else:
        side = min(style.qr * height, width - 0.6 * margin)
        draw_qr(painter.canvas, badge.token, (width - side) / 2, body_bottom + code_h, side)
        _draw_code(painter, badge, width / 2, body_bottom + 0.35 * code_size, code_size, regular)
        text_x, text_w, text_bottom, align = margin, width - 2 * margin, body_bottom + code_h + side, "center"
    top = body_top - _draw_marks(painter, _marks(badge, mono), bold, style.sizes["mark"] * k, text_x, body_top,
                                 text_w, align)
    blocks = fit_column([(badge.full_name, bold, max(style.sizes["name"] * k, NAME_MIN), NAME_COLOR),
                         (badge.position, regular, style.sizes["detail"] * k, DETAIL_COLOR),
                         (badge.organization, regular, style.sizes["detail"] * k, DETAIL_COLOR)],
                        text_w, top - text_bottom, name_floor=NAME_MIN)
    painter.column(blocks, text_x, text_bottom, text_w, top - text_bottom, align=align)


# ----- the document ----------------------------------------------------------------------------
@contextmanager
def _binary_streams():
    """reportlab writes ASCII85 streams by default: 25 % larger and, in pure Python, the slowest
    part of a 1,000-page file. Binary (deflated) streams are what every PDF reader expects.
    reportlab reads the switch from a module setting; another PDF rendered in another thread at
    the same moment may come out binary too, which is just as valid."""
    saved = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = saved


PROGRESS_EVERY = 50


def _monochrome(canvas):
    """Every colour the canvas is given becomes black or white: a thermal printer has no grey,
    it dithers one into speckles."""
    fill, stroke = canvas.setFillColorRGB, canvas.setStrokeColorRGB

    def ink(r, g, b):
        level = 1 if 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.5 else 0
        return level, level, level

    canvas.setFillColorRGB = lambda r, g, b, alpha=None: fill(*ink(r, g, b))
    canvas.setStrokeColorRGB = lambda r, g, b, alpha=None: stroke(*ink(r, g, b))


def render_badges(header, badges, layout="a6", trace=None, progress=None, mode="office"):
    """PDF bytes of the badges in the layout ('a6', 'a4-4up', 'a4-8cards', 'label') and print
    mode ('office', 'print-shop', 'mono': see layouts.MODES).

    trace: a list that receives, for tests, every line of text drawn: its card, its box in card
    coordinates and the box it had to fit.
    progress: called with the number of cards drawn so far, every PROGRESS_EVERY cards (a large
    batch is rendered in the background and its page shows how far it is).
    """
    badges = list(badges)
    if not badges:
        raise ValueError("no badges to render")
    sheet = for_mode(get_layout(layout), mode)
    mono = mode == "mono"
    style = LANDSCAPE if sheet.landscape else LABEL if layout == "label" else PORTRAIT
    width, height = sheet.card
    bleed = sheet.bleed
    fonts = register_fonts()
    buffer = BytesIO()
    with _binary_streams():
        canvas = new_canvas(buffer, sheet.page, f"Thẻ đại biểu – {header.name}", header.organiser, "Thẻ đại biểu",
                            pageCompression=1)
        if sheet.trim:
            x0, y0, x1, y1 = sheet.trim
            canvas.setTrimBox(sheet.trim)
            canvas.setBleedBox((x0 - bleed, y0 - bleed, x1 + bleed, y1 + bleed))
        if mono:
            _monochrome(canvas)
        painter = Painter(canvas, trace)
        logo = ImageReader(BytesIO(header.logo)) if header.logo and not mono else None
        forms = {}
        for badge in badges:
            key = (badge.category, badge.color)
            if key not in forms:
                forms[key] = (f"card{len(forms)}", [])
                canvas.beginForm(forms[key][0], -bleed, -bleed, width + bleed, height + bleed)
                _draw_shared(painter, header, logo, badge.category, "#000000" if mono else badge.color, style,
                             width, height, fonts, bleed)
                canvas.endForm()
                forms[key][1].extend(painter.notes)
                painter.notes = []
        for index, badge in enumerate(badges):
            slot = index % sheet.per_page
            if slot == 0 and index:
                canvas.showPage()
            x, y = sheet.slots[slot]
            canvas.saveState()
            canvas.translate(x, y)
            form_name, form_notes = forms[(badge.category, badge.color)]
            canvas.doForm(form_name)
            painter.notes.extend(form_notes)
            _draw_guest(painter, badge, style, sheet.landscape, width, height, fonts, mono)
            canvas.restoreState()
            painter.flush(index, (x, y))
            if sheet.crop_marks and (slot == sheet.per_page - 1 or index == len(badges) - 1):
                draw_crop_marks(canvas, sheet, slot + 1)
            if progress is not None and (index + 1) % PROGRESS_EVERY == 0:
                progress(index + 1)
        canvas.showPage()
        canvas.save()
    return buffer.getvalue()

