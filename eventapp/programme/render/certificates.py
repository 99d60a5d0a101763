"""Certificates: one A4 landscape page per recipient, on the layout chosen for the category.

Every text is fitted in its box (eventapp.pdf.text.draw_fitted): a long name shrinks and wraps, it
never runs off the page. The category's text may use {name}, {award}, {organization}, {title},
{body}, {event} and {date}; anything else in braces prints as typed.
"""
import re
from io import BytesIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from ...pdf.text import draw_fitted
from .common import MUTED, fonts, local_date, printed_label

TEMPLATES = ("classic", "modern")
DEFAULT_TEXT = "Đã có thành tích xuất sắc, được trao {award} tại {event}."
_PLACEHOLDER = re.compile(r"\{(name|award|organization|title|body|event|date)\}")
RED = colors.HexColor("#9b1c1c")
GOLD = colors.HexColor("#b7791f")
BLUE = colors.HexColor("#0b5394")


def certificate_text(template_text, recipient, category, event):
    values = {
        "name": recipient.name, "award": category.name, "organization": recipient.organization,
        "title": recipient.title, "body": category.awarding_body, "event": event.name,
        "date": local_date(event.starts_at, event.timezone),
    }
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], template_text or DEFAULT_TEXT)


def long_date(event):
    day, month, year = local_date(event.starts_at, event.timezone).split("/")
    return f"Ngày {day} tháng {month} năm {year}"


def render_certificates(document, categories=None):
    """PDF bytes: one page per recipient of the given categories (default: all), in ceremony order."""
    regular, bold = fonts()
    pages = [(c, r) for c in (categories if categories is not None else document.categories) for r in c.recipients]
    buffer = BytesIO()
    pagesize = landscape(A4)
    canvas = Canvas(buffer, pagesize=pagesize, initialFontName=regular)
    canvas.setTitle(f"Giấy chứng nhận – {document.event.name}")
    canvas.setAuthor(document.event.organiser)
    if not pages:
        draw_fitted(canvas, "Chưa có người nhận nào.", regular, 16, 20 * mm, pagesize[1] / 2, pagesize[0] - 40 * mm, 20 * mm)
        _footer(canvas, document, 1, 1, pagesize)
        canvas.showPage()
    for number, (category, recipient) in enumerate(pages, start=1):
        layout = _modern if category.certificate_template == "modern" else _classic
        layout(canvas, document.event, category, recipient, pagesize, regular, bold)
        _footer(canvas, document, number, len(pages), pagesize)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _footer(canvas, document, number, total, pagesize):
    regular, _ = fonts()
    canvas.setFillColor(MUTED)
    canvas.setFont(regular, 6.5)
    canvas.drawRightString(pagesize[0] - 6 * mm, 4 * mm, f"{printed_label(document)} · Trang {number}/{total}")
    canvas.setFillColor(colors.black)


def _person_line(recipient):
    return ", ".join(part for part in (recipient.title, recipient.organization) if part)


def _classic(canvas, event, category, recipient, pagesize, regular, bold):
    width, height = pagesize
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(3)
    canvas.rect(10 * mm, 10 * mm, width - 20 * mm, height - 20 * mm)
    canvas.setLineWidth(0.8)
    canvas.rect(14 * mm, 14 * mm, width - 28 * mm, height - 28 * mm)
    box_x, box_w = 30 * mm, width - 60 * mm
    canvas.setFillColor(colors.black)
    draw_fitted(canvas, (category.awarding_body or event.organiser).upper(), bold, 14, box_x, height - 24 * mm, box_w, 12 * mm)
    canvas.setFillColor(RED)
    draw_fitted(canvas, category.name.upper(), bold, 30, box_x, height - 44 * mm, box_w, 28 * mm)
    canvas.setFillColor(colors.black)
    draw_fitted(canvas, "Trao tặng", regular, 15, box_x, height - 75 * mm, box_w, 8 * mm)
    canvas.setFillColor(BLUE)
    draw_fitted(canvas, recipient.name, bold, 34, box_x, height - 86 * mm, box_w, 30 * mm, min_size=8)
    canvas.setFillColor(colors.black)
    draw_fitted(canvas, _person_line(recipient), regular, 14, box_x, height - 118 * mm, box_w, 12 * mm)
    text = certificate_text(category.certificate_text, recipient, category, event)
    draw_fitted(canvas, text, regular, 14, box_x + 10 * mm, height - 133 * mm, box_w - 20 * mm, 24 * mm)
    half = box_w / 2
    draw_fitted(canvas, long_date(event), regular, 12, box_x, 44 * mm, half, 8 * mm)
    draw_fitted(canvas, event.name, regular, 11, box_x, 36 * mm, half, 12 * mm)
    draw_fitted(canvas, category.awarding_body or event.organiser, bold, 12, box_x + half, 44 * mm, half, 12 * mm)


def _modern(canvas, event, category, recipient, pagesize, regular, bold):
    width, height = pagesize
    band = 62 * mm
    canvas.setFillColor(BLUE)
    canvas.rect(0, 0, band, height, stroke=0, fill=1)
    canvas.setFillColor(GOLD)
    canvas.rect(band, 0, 3 * mm, height, stroke=0, fill=1)
    canvas.setFillColor(colors.white)
    draw_fitted(canvas, category.kind_label.upper(), bold, 16, 8 * mm, height - 30 * mm, band - 16 * mm, 30 * mm)
    draw_fitted(canvas, category.awarding_body or event.organiser, regular, 12, 8 * mm, 60 * mm, band - 16 * mm, 40 * mm)
    x, box_w = band + 18 * mm, width - band - 36 * mm
    canvas.setFillColor(BLUE)
    draw_fitted(canvas, category.name, bold, 28, x, height - 26 * mm, box_w, 30 * mm, align="left")
    canvas.setFillColor(MUTED)
    draw_fitted(canvas, "Trao tặng", regular, 14, x, height - 66 * mm, box_w, 8 * mm, align="left")
    canvas.setFillColor(colors.black)
    draw_fitted(canvas, recipient.name, bold, 36, x, height - 76 * mm, box_w, 32 * mm, align="left", min_size=8)
    canvas.setFillColor(MUTED)
    draw_fitted(canvas, _person_line(recipient), regular, 14, x, height - 110 * mm, box_w, 12 * mm, align="left")
    canvas.setFillColor(colors.black)
    text = certificate_text(category.certificate_text, recipient, category, event)
    draw_fitted(canvas, text, regular, 14, x, height - 126 * mm, box_w, 28 * mm, align="left")
    draw_fitted(canvas, f"{long_date(event)} · {event.name}", regular, 11, x, 30 * mm, box_w, 12 * mm, align="left")
