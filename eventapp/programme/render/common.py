"""What every printed programme shares: the embedded font, styles, page footers, tables.

Every page carries its number ("Trang 3/12"), internal ones also the time they were printed; the total needs the
whole document, so the canvas keeps each page until the end and draws the footers when saving.
"""
from collections.abc import Iterable, Sequence
from datetime import datetime
from functools import partial
from io import BytesIO
from typing import TYPE_CHECKING, Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    LongTable,
    PageTemplate,
    Paragraph,
    TableStyle,
)

from ...i18n import format_date, format_datetime, format_time
from ...pdf.document import template_options
from ...pdf.fonts import register_fonts
from ...pdf.text import escape, fit_text, units

if TYPE_CHECKING:
    from ..documents import ProgrammeDocument

INK = colors.HexColor("#111827")
MUTED = colors.HexColor("#4b5563")
BRAND = colors.HexColor("#0b5394")
LINE = colors.HexColor("#9ca3af")
SHADE = colors.HexColor("#e8eef6")


def fonts() -> tuple[str, str]:
    return register_fonts()


def local_date(moment: datetime, tz: str) -> str:
    return format_date(moment, tz)


def local_time(moment: datetime, tz: str) -> str:
    return format_time(moment, tz)


def printed_label(document: "ProgrammeDocument") -> str:
    return f"In lúc {format_datetime(document.printed_at, document.event.timezone)}"


class NumberedCanvas(Canvas):
    """Draws "Trang n/N" (and, on internal documents, the print time) at the foot of every page,
    once N is known."""

    def __init__(self, *args: Any, footer_left: str = "", footer_right: str = "", footer_margin: float = 15 * mm,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []
        self._footer = (footer_left, footer_right, footer_margin)

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._draw_footer(total)
            Canvas.showPage(self)
        Canvas.save(self)

    def _draw_footer(self, total: int) -> None:
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


TURNED = "turned"  # NextPageTemplate(TURNED): the next page is the paper turned (A4 landscape)
UPRIGHT = "page"


def build_pdf(story: list[Flowable], document: "ProgrammeDocument", pagesize: tuple[float, float], margin: float,
              title: str, subject: str = "", internal: bool = False) -> bytes:
    """Lays out the flowables on numbered pages; returns the PDF bytes. Only internal documents
    (the run sheet) carry the print time: a guest's copy is not dated by the office printer.
    NextPageTemplate(TURNED) in the story turns the next page to landscape (the floor plan),
    NextPageTemplate(UPRIGHT) turns it back."""
    buffer = BytesIO()
    template = BaseDocTemplate(
        buffer, pagesize=pagesize, leftMargin=margin, rightMargin=margin, topMargin=margin,
        bottomMargin=margin + 6 * mm, initialFontSize=10,
        **template_options(title, document.event.organiser, subject),
    )
    width, height = pagesize
    across, down = 2 * margin, 2 * margin + 6 * mm
    template.addPageTemplates([
        PageTemplate(id=UPRIGHT, pagesize=pagesize,
                     frames=Frame(margin, margin + 6 * mm, width - across, height - down, id="normal")),
        PageTemplate(id=TURNED, pagesize=(height, width),
                     frames=Frame(margin, margin + 6 * mm, height - across, width - down, id="turned")),
    ])
    maker = partial(NumberedCanvas, footer_left=document.event.name,
                    footer_right=printed_label(document) if internal else "", footer_margin=margin)
    template.build(story, canvasmaker=maker)
    return buffer.getvalue()


def styles(scale: float = 1.0, floor: float = 0) -> dict[str, ParagraphStyle]:
    """The paragraph styles, scaled; floor: the smallest size of any text (9 pt in the booklet,
    12 pt on the run sheet read at a lectern)."""
    regular, bold = fonts()

    def style(name: str, size: float, font: str = regular, leading: float = 1.3, **extra: Any) -> ParagraphStyle:
        size = max(size * scale, floor)
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * leading,
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
        "cover_subtitle": style("cover_subtitle", 15, alignment=TA_CENTER, textColor=INK),
        "cover_line": style("cover_line", 13, alignment=TA_CENTER),
        "cover_small": style("cover_small", 10, alignment=TA_CENTER, textColor=MUTED),
    }


NBSP = "\u00a0"


def glued(line: str) -> str:
    """The line with non-breaking spaces where the typographic rules forbid a break (a place name,
    the last two words: see eventapp.pdf.text.units)."""
    return " ".join(unit.replace(" ", NBSP) for unit in units(line))


def para(text: str | None, style: ParagraphStyle) -> Paragraph:
    """A paragraph that prints the text as typed: markup characters are escaped, line breaks kept,
    and no line ends inside a place name or leaves a word alone."""
    lines = (text or "").split("\n")
    return Paragraph("<br/>".join(escape(glued(line)) for line in lines), style)


class KeepWithStart(CondPageBreak):
    """A page break unless the caption and the table's heading and first rows fit below it: a
    caption never ends a page, a table never starts with fewer than `rows` rows."""

    def __init__(self, caption: Sequence[Flowable], table: LongTable, rows: int = 3) -> None:
        super().__init__(0)
        self.caption, self.table, self.rows = caption, table, rows

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        need = 0
        for flowable in self.caption:
            need += flowable.wrap(available_width, available_height)[1]
            need += flowable.getSpaceBefore() + flowable.getSpaceAfter()
        self.table.wrap(available_width, 1e6)
        need += sum(self.table._rowHeights[:self.table.repeatRows + self.rows])
        self.height = need
        return super().wrap(available_width, available_height)


def captioned(caption: Sequence[Flowable], table: LongTable, rows: int = 3) -> list[Flowable]:
    """The caption flowables, then the table, kept together at the start (see KeepWithStart)."""
    return [KeepWithStart(caption, table, rows), *caption, table]


PAD_X, PAD_TOP, PAD_BOTTOM = 4, 3, 4
MIN_ROWS = 3


def _row_height(row: Sequence[Any], widths: Sequence[float], leading: float) -> float:
    """What reportlab's Table would compute for a row of paragraphs (or lists of them), done once
    here: a long table that flows over many pages otherwise measures every row again on each page."""
    height: float = 0
    for cell, width in zip(row, widths):
        if isinstance(cell, Flowable):
            cell = [cell]
        if isinstance(cell, (list, tuple)) and cell:
            total: float = 0
            for flowable in cell:
                total += flowable.wrap(width - 2 * PAD_X, 1e6)[1] + flowable.getSpaceBefore() + flowable.getSpaceAfter()
            total -= cell[0].getSpaceBefore() + cell[-1].getSpaceAfter()
        elif cell:
            total = leading * (str(cell).count("\n") + 1)  # plain text (row numbers)
        else:
            total = 0
        height = max(height, total)
    return height + PAD_TOP + PAD_BOTTOM


class RowsTable(LongTable):
    """A long table that leaves at least MIN_ROWS rows on either side of a page break (no orphan
    rows). reportlab's rowSplitRange does it for the first break only: the part carried over is
    built without it, so each part sets it again before it splits."""

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        self._rowSplitRange = (self.repeatRows + MIN_ROWS, -MIN_ROWS)
        return super().split(available_width, available_height)


def table(rows: Sequence[Sequence[Any]], widths: Sequence[float], header_rows: int = 1,
          extra_styles: Iterable[tuple[Any, ...]] = (), zebra: bool = True, font_size: float = 9.5) -> RowsTable:
    """A long table whose heading rows repeat on every page it flows onto. Cells are paragraphs,
    lists of them, or plain one-line strings (printed at font_size)."""
    leading = font_size * 1.3
    heights = [None] * header_rows + [_row_height(row, widths, leading) for row in rows[header_rows:]]
    commands: list[tuple[Any, ...]] = [
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
    result = RowsTable(rows, colWidths=widths, rowHeights=heights, repeatRows=header_rows, hAlign="LEFT")
    result.setStyle(TableStyle(commands))
    return result
