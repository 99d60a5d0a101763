"""Certificates: one A4 landscape page per recipient, after Vietnamese administrative usage.

From the top: the national heading (when the awarding body uses it), the awarding body, the title
of the award, the recipient in the largest type, the citation; at the bottom left the decision it
rests on, at the bottom right "<place>, ngày … tháng … năm …", the signer's title, room for the
signature and the red seal, and the signer's name. No print stamp: the paper is handed to the
recipient.

Two print modes, as for badges: office (A4 paper, nothing closer than 10 mm to the edge, no colour
to the edge) and print shop (the A4 page on a larger sheet with 3 mm bleed, crop marks and the
TrimBox/BleedBox set, the modern template's panel running into the bleed). A category on
pre-printed paper prints only its variable text, in either mode.

Every text is fitted in its box (eventapp.pdf.text.draw_fitted): a long name shrinks and wraps,
never leaving a word alone on its last line. The category's text may use {name}, {award},
{organization}, {title}, {body}, {event} and {date}; anything else in braces prints as typed.
"""
import re
from collections.abc import Sequence
from datetime import date
from io import BytesIO
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from ...badges.layouts import BLEED, MARK_ROOM, Layout, Size, draw_crop_marks
from ...layouts.document import Document
from ...pdf.document import new_canvas
from ...pdf.text import draw_fitted
from .certificate_layout import Person, draw_outlines, layout_drawer
from .common import LINE, MUTED, fonts, local_date

if TYPE_CHECKING:
    from ..documents import Category, CertificateSettings, EventInfo, ProgrammeDocument

TEMPLATES = ("classic", "modern")
MODES = ("office", "print-shop")
DEFAULT_TEXT = "Đã có thành tích xuất sắc, được trao {award} tại {event}."
NATIONAL_HEADING = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập – Tự do – Hạnh phúc"
_PLACEHOLDER = re.compile(r"\{(name|award|organization|title|body|event|date)\}")
RED = colors.HexColor("#9b1c1c")
GOLD = colors.HexColor("#b7791f")
BLUE = colors.HexColor("#0b5394")
SAFE = 10 * mm  # nothing closer to the paper's edge
LINE_LIGHT = colors.HexColor("#d1d5db")
LINE_DARK = LINE


def certificate_text(template_text: str | None, recipient: Person, category: "Category", event: "EventInfo") -> str:
    values = {
        "name": recipient.name, "award": category.name, "organization": recipient.organization,
        "title": recipient.title, "body": category.awarding_body, "event": event.name,
        "date": local_date(event.starts_at, event.timezone),
    }
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], template_text or DEFAULT_TEXT)


def _month(day: date) -> str:
    """Official usage: a leading zero for January and February only (ngày 06 tháng 02, tháng 4)."""
    return f"{day.month:02d}" if day.month < 3 else str(day.month)


def official_date(day: date, place: str = "") -> str:
    """"Hải Phòng, ngày 06 tháng 4 năm 2024"; "Ngày 06 tháng 4 năm 2024" without a place."""
    text = f"ngày {day.day:02d} tháng {_month(day)} năm {day.year}"
    return f"{place}, {text}" if place else text[0].upper() + text[1:]


def decision_line(settings: "CertificateSettings") -> str:
    """"Quyết định số 125/QĐ-LMHTX, ngày 01/4/2024", or "" when no decision is given."""
    if not settings.decision_number:
        return ""
    line = f"Quyết định số {settings.decision_number}"
    if settings.decision_date:
        d = settings.decision_date
        line += f", ngày {d.day:02d}/{_month(d)}/{d.year}"
    return line


def event_day(event: "EventInfo") -> date:
    return event.starts_at.astimezone(ZoneInfo(event.timezone)).date()


def date_line(category: "Category", event: "EventInfo") -> str:
    settings = category.certificate
    day: date = settings.signing_date or event_day(event)
    return official_date(day, settings.signing_place)


def sheet_for(mode: str, page: Size | None = None) -> Layout:
    """Where the certificate (A4 landscape, or a layout's page) goes on the paper in a print mode
    (see MODES): on its own paper in the office, in the middle of a sheet with room for bleed and
    crop marks at a print shop."""
    if mode not in MODES:
        raise ValueError(f"unknown print mode {mode!r}; one of {', '.join(MODES)}")
    page = page or landscape(A4)
    if mode == "office":
        return Layout("certificate", page, page, ((0, 0),), crop_marks=False)
    pad = BLEED + MARK_ROOM
    width, height = page
    return Layout("certificate", (width + 2 * pad, height + 2 * pad), page, ((pad, pad),), crop_marks=True,
                  bleed=BLEED, trim=(pad, pad, pad + width, pad + height))


def render_certificates(document: "ProgrammeDocument", categories: Sequence["Category"] | None = None,
                        mode: str = "office") -> bytes:
    """PDF bytes: one page per recipient of the given categories (default: all), in ceremony order.
    mode: "office" or "print-shop" (see MODES). The event's designed certificate layout
    (document.certificate_layout), when it has one, is drawn instead of the built-in design."""
    layout = document.certificate_layout
    regular, bold = fonts()
    sheet = sheet_for(mode, _layout_page(layout))
    pages = [(c, r) for c in (categories if categories is not None else document.categories) for r in c.recipients]
    buffer = BytesIO()
    pagesize = sheet.card
    canvas = new_canvas(buffer, sheet.page, f"Giấy chứng nhận – {document.event.name}", document.event.organiser,
                        "Giấy chứng nhận")
    if sheet.trim:
        x0, y0, x1, y1 = sheet.trim
        canvas.setTrimBox(sheet.trim)
        canvas.setBleedBox((x0 - sheet.bleed, y0 - sheet.bleed, x1 + sheet.bleed, y1 + sheet.bleed))
    drawer = layout_drawer(layout, document.event, mode, sheet.bleed) if layout is not None else None
    if not pages:
        draw_fitted(canvas, "Chưa có người nhận nào.", regular, 16, 20 * mm, sheet.page[1] / 2,
                    sheet.page[0] - 40 * mm, 20 * mm)
        canvas.showPage()
    for category, recipient in pages:
        canvas.saveState()
        canvas.translate(*sheet.slots[0])
        if drawer is not None:
            drawer(canvas, category, recipient)
        else:
            _page(canvas, document.event, category, recipient, pagesize, regular, bold, bleed=sheet.bleed)
        canvas.restoreState()
        if sheet.crop_marks:
            draw_crop_marks(canvas, sheet, 1)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _layout_page(layout: Document | None) -> Size | None:
    if layout is None:
        return None
    return layout["page"]["width_mm"] * mm, layout["page"]["height_mm"] * mm


def _page(canvas: Canvas, event: "EventInfo", category: "Category", recipient: Person, pagesize: Size, regular: str,
          bold: str, calibration: bool = False, bleed: float = 0) -> None:
    settings = category.certificate
    if settings.preprinted:
        # The awarding body's paper carries the frame and the fixed words; the text moves with
        # the offsets measured on the calibration page.
        canvas.saveState()
        canvas.translate(settings.offset_x_mm * mm, -settings.offset_y_mm * mm)
        box_x, box_w = _classic_box(pagesize)
        _content(canvas, event, category, recipient, pagesize, box_x, box_w, regular, bold, variable_only=True,
                 outline=calibration)
        canvas.restoreState()
        return
    if category.certificate_template == "modern":
        box_x, box_w = _modern_frame(canvas, event, category, pagesize, regular, bold, bleed)
    else:
        box_x, box_w = _classic_frame(canvas, pagesize)
    _content(canvas, event, category, recipient, pagesize, box_x, box_w, regular, bold, outline=calibration)


def render_calibration(document: "ProgrammeDocument", category: "Category") -> bytes:
    """One page to print on plain paper and lay over the pre-printed sheet against the light: a
    millimetre grid, and the boxes where the certificate's text goes (offsets applied) with a
    sample recipient. Where the boxes miss the paper's blanks gives the offsets to set."""
    regular, bold = fonts()
    buffer = BytesIO()
    layout = document.certificate_layout
    pagesize = _layout_page(layout) or landscape(A4)
    canvas = new_canvas(buffer, pagesize, f"Trang căn chỉnh – {category.name}", document.event.organiser)
    width, height = pagesize
    canvas.setLineWidth(0.2)
    for step in range(int(SAFE / mm), int(width / mm) - int(SAFE / mm) + 1, 5):
        canvas.setStrokeColor(LINE_DARK if step % 10 == 0 else LINE_LIGHT)
        canvas.line(step * mm, SAFE, step * mm, height - SAFE)
    for step in range(int(SAFE / mm), int(height / mm) - int(SAFE / mm) + 1, 5):
        canvas.setStrokeColor(LINE_DARK if step % 10 == 0 else LINE_LIGHT)
        canvas.line(SAFE, height - step * mm, width - SAFE, height - step * mm)
    canvas.setFillColor(MUTED)
    canvas.setFont(regular, 7)
    for step in range(20, int(width / mm) - 10, 20):
        canvas.drawString(step * mm + 0.5 * mm, height - SAFE - 3 * mm, f"{step}")
    for step in range(20, int(height / mm) - 10, 20):
        canvas.drawString(SAFE + 0.5 * mm, height - step * mm + 0.5 * mm, f"{step}")
    sample = category.recipients[0] if category.recipients else \
        SimpleNamespace(name="Nguyễn Văn Mẫu", title="Giám đốc", organization="HTX Mẫu")
    if layout is not None:
        draw_outlines(canvas, layout, category, pagesize)
        layout_drawer(layout, document.event)(canvas, category, sample)
    else:
        _page(canvas, document.event, category, sample, pagesize, regular, bold, calibration=True)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _person_line(recipient: Person) -> str:
    return ", ".join(part for part in (recipient.title, recipient.organization) if part)


def _classic_box(pagesize: Size) -> tuple[float, float]:
    return 26 * mm, pagesize[0] - 52 * mm


def _classic_frame(canvas: Canvas, pagesize: Size) -> tuple[float, float]:
    width, height = pagesize
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(3)
    canvas.rect(SAFE + 1.5, SAFE + 1.5, width - 2 * SAFE - 3, height - 2 * SAFE - 3)
    canvas.setLineWidth(0.8)
    canvas.rect(SAFE + 4 * mm, SAFE + 4 * mm, width - 2 * SAFE - 8 * mm, height - 2 * SAFE - 8 * mm)
    return _classic_box(pagesize)


def _modern_frame(canvas: Canvas, event: "EventInfo", category: "Category", pagesize: Size, regular: str, bold: str,
                  bleed: float = 0) -> tuple[float, float]:
    """A coloured panel on the left: inside the safe margin on office paper (no colour runs to the
    paper's edge), into the bleed at a print shop (a full-bleed band, cut along the trim)."""
    width, height = pagesize
    panel = 56 * mm
    if bleed:
        canvas.setFillColor(BLUE)
        canvas.rect(-bleed, -bleed, SAFE + panel + bleed, height + 2 * bleed, stroke=0, fill=1)
        canvas.setFillColor(GOLD)
        canvas.rect(SAFE + panel + 1.5 * mm, -bleed, 1.5 * mm, height + 2 * bleed, stroke=0, fill=1)
    else:
        canvas.setFillColor(BLUE)
        canvas.roundRect(SAFE, SAFE, panel, height - 2 * SAFE, 3 * mm, stroke=0, fill=1)
        canvas.setFillColor(GOLD)
        canvas.rect(SAFE + panel + 1.5 * mm, SAFE, 1.5 * mm, height - 2 * SAFE, stroke=0, fill=1)
    canvas.setFillColor(colors.white)
    inner_x, inner_w = SAFE + 6 * mm, panel - 12 * mm
    draw_fitted(canvas, category.kind_label.upper(), bold, 15, inner_x, height - SAFE - 14 * mm, inner_w, 30 * mm)
    draw_fitted(canvas, category.awarding_body or event.organiser, regular, 12, inner_x, SAFE + 50 * mm, inner_w,
                40 * mm)
    left = SAFE + panel + 8 * mm
    return left, width - SAFE - 6 * mm - left


def _content(canvas: Canvas, event: "EventInfo", category: "Category", recipient: Person, pagesize: Size, x: float,
             w: float, regular: str, bold: str, variable_only: bool = False, outline: bool = False) -> None:
    """Everything but the decoration, in the box x..x+w (y in mm from the top of the page).
    variable_only: what changes from one certificate to the next (pre-printed paper); outline:
    the boxes drawn too (the calibration page)."""
    _width, height = pagesize
    settings = category.certificate

    def top(mm_from_top: float) -> float:
        return height - mm_from_top * mm

    def place(canvas: Canvas, text: str, font: str, size: float, bx: float, by: float, bw: float, bh: float,
              fixed: bool = False, **kwargs: Any) -> float:
        if fixed and variable_only:
            return size
        if outline:
            canvas.saveState()
            canvas.setStrokeColor(RED)
            canvas.setLineWidth(0.5)
            canvas.rect(bx, by - bh, bw, bh)
            canvas.restoreState()
        return draw_fitted(canvas, text, font, size, bx, by, bw, bh, **kwargs)

    y = 20
    canvas.setFillColor(colors.black)
    if settings.national_heading:
        place(canvas, NATIONAL_HEADING, bold, 13, x, top(y), w, 7 * mm, fixed=True, max_lines=1)
        size = place(canvas, MOTTO, bold, 13, x, top(y + 6.5), w, 7 * mm, fixed=True, max_lines=1)
        if not variable_only:
            rule = canvas.stringWidth(MOTTO, bold, size)
            canvas.setLineWidth(0.6)
            canvas.setStrokeColor(colors.black)
            canvas.line(x + (w - rule) / 2, top(y + 13), x + (w + rule) / 2, top(y + 13))
        y += 17
    place(canvas, (category.awarding_body or event.organiser).upper(), bold, 14, x, top(y), w, 12 * mm,
                fixed=True)
    canvas.setFillColor(RED)
    place(canvas, category.name.upper(), bold, 28, x, top(y + 14), w, 21 * mm, fixed=True, max_lines=2)
    canvas.setFillColor(colors.black)
    place(canvas, "Tặng", regular, 14, x, top(y + 38), w, 6 * mm, fixed=True)
    canvas.setFillColor(BLUE)
    place(canvas, recipient.name, bold, 32, x, top(y + 45), w, 24 * mm, min_size=12, max_lines=2)
    canvas.setFillColor(colors.black)
    place(canvas, _person_line(recipient), regular, 14, x, top(y + 70), w, 7 * mm, max_lines=1)
    text = certificate_text(category.certificate_text, recipient, category, event)
    citation_bottom = 142  # above the date line
    place(canvas, text, regular, 14, x + 6 * mm, top(y + 79), w - 12 * mm, (citation_bottom - y - 79) * mm,
                min_size=8)
    half = w / 2
    right = x + half
    place(canvas, date_line(category, event), regular, 12, right, top(146), half, 7 * mm, max_lines=1)
    lines = [line.strip() for line in settings.signer_title.split("/") if line.strip()] or \
        [(category.awarding_body or event.organiser).upper()]
    for index, line in enumerate(lines[:3]):
        place(canvas, line.upper(), bold, 12, right, top(153 + 6 * index), half, 6 * mm, fixed=True,
                    max_lines=1)
    # 24 mm left blank for the signature and the seal.
    if settings.signer_name:
        place(canvas, settings.signer_name, bold, 13, right, top(186), half, 7 * mm, fixed=True, max_lines=1)
    decision = decision_line(settings)
    if decision:
        canvas.setFillColor(MUTED)
        place(canvas, decision, regular, 10, x, top(184), half - 6 * mm, 10 * mm, align="left")
        canvas.setFillColor(colors.black)
