"""What every printed programme shares: the embedded font, styles, page footers, tables.

Every page carries its number ("Trang 3/12") and the date it was printed; the total needs the
whole document, so the canvas keeps each page until the end and draws the footers when saving.
"""
from functools import partial
from io import BytesIO

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, LongTable, Paragraph, SimpleDocTemplate, TableStyle

from ...i18n import format_date, format_datetime, format_time
from ...pdf.fonts import register_fonts
from ...pdf.text import escape, fit_text

INK = colors.HexColor("#111827")
MUTED = colors.HexColor("#4b5563")
BRAND = colors.HexColor("#0b5394")
LINE = colors.HexColor("#9ca3af")
SHADE = colors.HexColor("#e8eef6")


def fonts():
    return register_fonts()


def local_date(moment, tz):
    return format_date(moment, tz)


def local_time(moment, tz):
    return format_time(moment, tz)


def printed_label(document):
    return f"In lúc {format_datetime(document.printed_at, document.event.timezone)}"


class NumberedCanvas(Canvas):
    """Draws "Trang n/N" and the print date at the foot of every page, once N is known."""

    def __init__(self, *args, footer_left="", footer_right="", footer_margin=15 * mm, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages = []
        self._footer = (footer_left, footer_right, footer_margin)

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._draw_footer(total)
            Canvas.showPage(self)
        Canvas.save(self)

    def _draw_footer(self, total):
        left, right, margin = self._footer
        regular, _ = fonts()
        width = self._pagesize[0]
        number = f"Trang {self._pageNumber}/{total}"
        right_text = f"{right} · {number}" if right else number
        self.saveState()
        self.setFillColor(MUTED)
        self.setStrokeColor(LINE)
        self.setLineWidth(0.4)
        y = margin * 0.55
        self.line(margin, y + 9, width - margin, y + 9)
        self.setFont(regular, 7.5)
        self.drawRightString(width - margin, y, right_text)
        room = width - 2 * margin - self.stringWidth(right_text, regular, 7.5) - 12
        size, lines = fit_text(left, regular, 7.5, room, 9, min_size=5, max_lines=1)
        if len(lines) > 1:  # a very long event name: shortened in the footer only
            lines = [lines[0] + " …"]
        self.setFont(regular, size)
        self.drawString(margin, y, lines[0] if lines else "")
        self.restoreState()


def build_pdf(story, document, pagesize, margin, title, subject=""):
    """Lays out the flowables on numbered, dated pages; returns the PDF bytes."""
    buffer = BytesIO()
    template = SimpleDocTemplate(
        buffer, pagesize=pagesize, leftMargin=margin, rightMargin=margin, topMargin=margin,
        bottomMargin=margin + 6 * mm, title=title, author=document.event.organiser, subject=subject,
        creator="eventapp", initialFontName=fonts()[0], initialFontSize=10,
    )
    maker = partial(NumberedCanvas, footer_left=document.event.name, footer_right=printed_label(document),
                    footer_margin=margin)
    template.build(story, canvasmaker=maker)
    return buffer.getvalue()


def styles(scale=1.0):
    regular, bold = fonts()

    def style(name, size, font=regular, leading=1.3, **extra):
        return ParagraphStyle(name, fontName=font, fontSize=size * scale, leading=size * scale * leading,
                              textColor=extra.pop("textColor", INK), **extra)

    return {
        "body": style("body", 10),
        "small": style("small", 8.5, textColor=MUTED),
        "cell": style("cell", 9.5),
        "cell_bold": style("cell_bold", 9.5, font=bold),
        "cell_small": style("cell_small", 8.5, textColor=MUTED),
        "head": style("head", 9, font=bold, textColor=colors.white),
        "h1": style("h1", 18, font=bold, leading=1.25, spaceBefore=2, spaceAfter=8, textColor=BRAND),
        "h2": style("h2", 13, font=bold, leading=1.25, spaceBefore=10, spaceAfter=4, textColor=BRAND),
        "cover_org": style("cover_org", 12, font=bold, alignment=TA_CENTER, textColor=MUTED),
        "cover_title": style("cover_title", 26, font=bold, leading=1.2, alignment=TA_CENTER, textColor=BRAND),
        "cover_line": style("cover_line", 13, alignment=TA_CENTER),
        "cover_small": style("cover_small", 10, alignment=TA_CENTER, textColor=MUTED),
    }


def para(text, style):
    """A paragraph that prints the text as typed: markup characters are escaped, line breaks kept."""
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


PAD_X, PAD_TOP, PAD_BOTTOM = 4, 3, 4


def _row_height(row, widths, leading):
    """What reportlab's Table would compute for a row of paragraphs (or lists of them), done once
    here: a long table that flows over many pages otherwise measures every row again on each page."""
    height = 0
    for cell, width in zip(row, widths):
        if isinstance(cell, Flowable):
            cell = [cell]
        if isinstance(cell, (list, tuple)) and cell:
            total = 0
            for flowable in cell:
                total += flowable.wrap(width - 2 * PAD_X, 1e6)[1] + flowable.getSpaceBefore() + flowable.getSpaceAfter()
            total -= cell[0].getSpaceBefore() + cell[-1].getSpaceAfter()
        elif cell:
            total = leading * (str(cell).count("\n") + 1)  # plain text (row numbers)
        else:
            total = 0
        height = max(height, total)
    return height + PAD_TOP + PAD_BOTTOM


def table(rows, widths, header_rows=1, extra_styles=(), zebra=True, font_size=9.5):
    """A long table whose heading rows repeat on every page it flows onto. Cells are paragraphs,
    lists of them, or plain one-line strings (printed at font_size)."""
    leading = font_size * 1.3
    heights = [None] * header_rows + [_row_height(row, widths, leading) for row in rows[header_rows:]]
    commands = [
        ("FONTNAME", (0, 0), (-1, -1), fonts()[0]),  # for plain-string cells; never Helvetica
        ("FONTSIZE", (0, 0), (-1, -1), font_size),
        ("LEADING", (0, 0), (-1, -1), leading),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, LINE),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), BRAND),
        ("TOPPADDING", (0, 0), (-1, -1), PAD_TOP),
        ("BOTTOMPADDING", (0, 0), (-1, -1), PAD_BOTTOM),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD_X),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD_X),
    ]
    if zebra:
        for index in range(header_rows + 1, len(rows), 2):
            commands.append(("BACKGROUND", (0, index), (-1, index), SHADE))
    commands.extend(extra_styles)
    result = LongTable(rows, colWidths=widths, rowHeights=heights, repeatRows=header_rows, hAlign="LEFT")
    result.setStyle(TableStyle(commands))
    return result
