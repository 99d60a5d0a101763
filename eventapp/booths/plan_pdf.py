"""The floor plan and the exhibitor directory in PDF: vector drawing on a reportlab canvas.

Pure: data in, drawing or bytes out. The programme PDF calls draw_floor_plan() and
directory_table() for its pages; render_plan_pdf() makes the standalone download.

    from eventapp.booths.services import plan_for_print
    booths, labels, rows = plan_for_print(event)
    draw_floor_plan(canvas, booths, labels, x, y, width, height, font, bold_font)
"""
from collections.abc import Container, Iterable, Mapping, Sequence
from functools import lru_cache
from io import BytesIO
from typing import TYPE_CHECKING, Any, TypeAlias

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ..pdf.document import template_options
from ..pdf.text import escape, fit_text, wrap_lines
from .svg import ZONE_PALETTE, zone_colors

if TYPE_CHECKING:
    from .directory import DirectoryRow
    from .models import Booth, BoothAssignment

# A booth: a Booth, or a dict of the same keys (id, code, zone, x, y, width, height, plan_status).
BoothLike: TypeAlias = "Booth | Mapping[str, Any]"
# Who is in which booth: {booth id: exhibitor name}, or the assignments themselves; None: nobody.
Labels: TypeAlias = "dict[int, str] | Iterable[BoothAssignment] | None"
KeyEntry = tuple[str, str]  # (mark, what it stands for)
# How a booth is drawn: (booth, code size, mark, label lines, label size).
DrawnBooth: TypeAlias = "tuple[BoothLike, float, str, list[str], float]"
KeyLine = tuple[str, list[str], float]  # a key entry laid out: (mark, lines, height)

STATUS_FILL = {"free": "#ffffff", "held": "#fef3c7", "blocked": "#d1d5db", "assigned": "#dbeafe"}


def _labels(assignments: Labels) -> dict[int, str]:
    """{booth id: exhibitor name} from a mapping, or from assignment objects
    (booth_id, application.cooperative.name)."""
    if assignments is None:
        return {}
    if isinstance(assignments, dict):
        return assignments
    return {a.booth_id: a.application.cooperative.name for a in assignments}


def _get(booth: BoothLike, name: str, default: Any = None) -> Any:
    return booth.get(name, default) if isinstance(booth, dict) else getattr(booth, name, default)


LEGIBLE = 6  # points: no text on a printed plan is smaller
KEY_SIZE = 7
KEY_COLUMN = 62 * mm


@lru_cache(maxsize=4096)
def _width(text: str, font: str, size: float) -> float:
    return stringWidth(text, font, size)


def _fits(lines: Sequence[str], size: float, room: float, max_lines: int = 3) -> bool:
    return bool(lines) and len(lines) <= max_lines and len(lines) * size * 1.2 <= room


def _plan_geometry(booths: Sequence[BoothLike], width: float, height: float,
                   legend_height: float) -> tuple[float, float, float, float]:
    left = min(_get(b, "x") for b in booths)
    top = min(_get(b, "y") for b in booths)
    plan_w = max(_get(b, "x") + _get(b, "width") for b in booths) - left
    plan_h = max(_get(b, "y") + _get(b, "height") for b in booths) - top
    scale = min(width / plan_w, (height - legend_height) / plan_h)
    return left, top, scale, (width - plan_w * scale) / 2


def _booth_texts(booths: Sequence[BoothLike], labels: Mapping[int, str], scale: float, font: str, bold_font: str,
                 min_size: float, names_in_key: bool = True) -> tuple[list[DrawnBooth], list[KeyEntry]]:
    """What each booth says at this scale: [(booth, code size, mark, label lines, label size)] and
    the key: [(mark, text)] for the booths whose name (or even code) is too small at min_size.
    A booth that cannot hold its code at min_size shows a number, explained in the key; without
    names_in_key a name that does not fit is only left out (the directory lists it by booth code)."""
    drawn: list[DrawnBooth] = []
    key: list[KeyEntry] = []
    for b in booths:
        bw, bh = _get(b, "width") * scale, _get(b, "height") * scale
        code, label = _get(b, "code"), labels.get(_get(b, "id"))
        code_size = min(9, bh * 0.28, bw * 0.3)
        if code_size < min_size and stringWidth(code, bold_font, min_size) <= bw - 1 and min_size + 2 <= bh:
            code_size = min_size
        if code_size < min_size:
            mark = str(len(key) + 1)
            key.append((mark, f"{code}: {label}" if label and names_in_key else code))
            drawn.append((b, min_size, mark, [], 0))
            continue
        lines: list[str] = []
        size: float = 0
        if label:
            room = bh - code_size - 3
            # Most names cannot fit a small booth at all: measured once, without wrapping.
            roomy = room >= min_size * 1.2 and _width(label, font, min_size) <= 3 * (bw - 2)
            if roomy:
                size, lines = fit_text(label, font, max(min_size, min(7, code_size)), bw - 2, room,
                                       min_size=min_size, max_lines=3, measure=_width)
            if not roomy or not _fits(lines, size, room):
                if names_in_key:
                    key.append((code, label))
                lines = []
        drawn.append((b, code_size, code, lines, size))
    return drawn, key


def plan_key(booths: Iterable[BoothLike], assignments: Labels, width: float, height: float, font: str, bold_font: str,
             *, mode: str = "zone", legend: bool = True, min_size: float = LEGIBLE,
             names_in_key: bool = True) -> list[KeyEntry]:
    """The key draw_floor_plan() needs for the same box: [(mark, text)], empty when every name fits."""
    booths = list(booths)
    if not booths:
        return []
    legend_height = _legend_height(booths, mode, legend)
    _left, _top, scale, _offset = _plan_geometry(booths, width, height, legend_height)
    return _booth_texts(booths, _labels(assignments), scale, font, bold_font, min_size, names_in_key)[1]


def _legend_height(booths: Iterable[BoothLike], mode: str, legend: bool) -> float:
    zones = zone_colors(_get(b, "zone", "") for b in booths)
    return 14 if legend and mode == "zone" and zones else 0


def draw_floor_plan(canvas: Canvas, booths: Iterable[BoothLike], assignments: Labels, x: float, y: float, width: float,
                    height: float, font: str, bold_font: str, *, mode: str = "zone", highlight: Container[int] = (),
                    legend: bool = True, min_size: float = LEGIBLE, names_in_key: bool = True) -> list[KeyEntry]:
    """Draws the plan fitted (aspect kept) in the box whose lower-left corner is (x, y), in points.
    booths: Booth objects or dicts (id, code, zone, x, y, width, height, plan_status), metres with y
    downwards as on screen; assignments: {booth id: exhibitor} or BoothAssignment objects.
    mode "zone" fills by zone (with a legend), "status" by status. No text is smaller than
    min_size: a name that does not fit its booth is left to the key, and a booth too small for
    its code shows a number. Returns the key, [(mark, text)] (see draw_plan_key())."""
    booths = list(booths)
    if not booths:
        return []
    labels = _labels(assignments)
    zones = zone_colors(_get(b, "zone", "") for b in booths)
    legend_height = _legend_height(booths, mode, legend)
    left, top, scale, offset = _plan_geometry(booths, width, height, legend_height)
    offset_x = x + offset
    top_y = y + height  # the plan hangs from the top of the box
    drawn, key = _booth_texts(booths, labels, scale, font, bold_font, min_size, names_in_key)

    canvas.saveState()
    canvas.setLineWidth(0.6)
    for b, code_size, mark, lines, size in drawn:
        bx = offset_x + (_get(b, "x") - left) * scale
        bw, bh = _get(b, "width") * scale, _get(b, "height") * scale
        by = top_y - (_get(b, "y") - top) * scale - bh
        fill = zones.get(_get(b, "zone", ""), ZONE_PALETTE[-2]) if mode == "zone" else STATUS_FILL.get(
            _get(b, "plan_status", "free"), "#ffffff")
        canvas.setFillColor(colors.HexColor(fill))
        mine = _get(b, "id") in highlight
        canvas.setStrokeColor(colors.HexColor("#b91c1c" if mine else "#374151"))
        canvas.setLineWidth(2 if mine else 0.6)
        canvas.rect(bx, by, bw, bh, stroke=1, fill=1)
        canvas.setFillColor(colors.black)
        canvas.setFont(bold_font, code_size)
        mark_y = by + bh - code_size - 1 if lines or code_size + 2 <= bh else by + (bh - code_size * 0.7) / 2
        canvas.drawCentredString(bx + bw / 2, mark_y, mark)
        if lines:
            canvas.setFont(font, size)
            line_y = by + bh - code_size - 2 - size
            for line in lines:
                canvas.drawCentredString(bx + bw / 2, line_y, line)
                line_y -= size * 1.2
    if legend_height:
        cursor = x
        canvas.setFont(font, 7)
        for zone, fill in zones.items():
            canvas.setFillColor(colors.HexColor(fill))
            canvas.setStrokeColor(colors.HexColor("#374151"))
            canvas.setLineWidth(0.5)
            canvas.rect(cursor, y + 2, 8, 8, stroke=1, fill=1)
            canvas.setFillColor(colors.black)
            canvas.drawString(cursor + 10, y + 3.5, zone)
            cursor += 16 + canvas.stringWidth(zone, font, 7)
    canvas.restoreState()
    return key


def _key_columns(key: Sequence[KeyEntry], width: float, font: str, bold_font: str,
                 size: float = KEY_SIZE) -> tuple[list[list[KeyLine]], float]:
    """The key's entries as columns: [[(mark, lines, height)]], filled top down, balanced."""
    count = max(1, min(len(key), int(width // KEY_COLUMN)))
    column_w = width / count
    entries = []
    for mark, text in key:
        mark_w = stringWidth(f"{mark} ", bold_font, size)
        lines = wrap_lines(text, font, size, column_w - mark_w - 6, keep_last=0)
        entries.append((mark, lines, len(lines) * size * 1.25))
    target = sum(h for *_rest, h in entries) / count
    columns: list[list[KeyLine]] = []
    current: list[KeyLine] = []
    filled: float = 0
    for entry in entries:
        if current and filled + entry[2] > target + 0.1 and len(columns) < count - 1:
            columns.append(current)
            current, filled = [], 0
        current.append(entry)
        filled += entry[2]
    return columns + [current], column_w


def key_height(key: Sequence[KeyEntry], width: float, font: str, bold_font: str, size: float = KEY_SIZE) -> float:
    if not key:
        return 0
    columns, _w = _key_columns(key, width, font, bold_font, size)
    return size * 1.6 + max(sum(h for *_rest, h in column) for column in columns)


def draw_plan_key(canvas: Canvas, key: Sequence[KeyEntry], x: float, y_top: float, width: float, font: str,
                  bold_font: str, title: str = "Chú thích", size: float = KEY_SIZE) -> None:
    """The key under the plan: each mark (a booth code or number) and what it stands for."""
    if not key:
        return
    columns, column_w = _key_columns(key, width, font, bold_font, size)
    canvas.saveState()
    canvas.setFillColor(colors.black)
    canvas.setFont(bold_font, size)
    canvas.drawString(x, y_top - size, title)
    for index, column in enumerate(columns):
        cx, cy = x + index * column_w, y_top - size * 1.6
        for mark, lines, height in column:
            canvas.setFont(bold_font, size)
            canvas.drawString(cx, cy - size, mark)
            indent = stringWidth(f"{mark} ", bold_font, size)
            canvas.setFont(font, size)
            for number, line in enumerate(lines):
                canvas.drawString(cx + indent, cy - size - number * size * 1.25, line)
            cy -= height
    canvas.restoreState()


def draw_plan_page(canvas: Canvas, booths: Iterable[BoothLike], assignments: Labels, x: float, y: float, width: float,
                   height: float, font: str, bold_font: str, key_title: str = "Chú thích",
                   note: str = "Tên đơn vị của các gian còn lại: xem danh mục theo mã gian hàng.") -> list[KeyEntry]:
    """The plan and, under it, its key, together in the box. The plan takes the largest height
    that leaves its key room; when even a plan at 40 % of the box leaves no room for the names,
    the key keeps only the numbered booths and the note sends the reader to the directory."""
    booths = list(booths)
    gap = 3 * mm
    shares = (1, 0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.65, 0.6, 0.55, 0.5, 0.45, 0.4)
    for names_in_key in (True, False):
        smallest = plan_key(booths, assignments, width, height * shares[-1], font, bold_font,
                            names_in_key=names_in_key)
        if names_in_key and height * shares[-1] + key_height(smallest, width, font, bold_font) > height:
            continue  # not even the smallest plan leaves the names room
        for share in shares:
            plan_height = height * share
            key = plan_key(booths, assignments, width, plan_height, font, bold_font, names_in_key=names_in_key)
            extra = key_height(key, width, font, bold_font) + (KEY_SIZE * 1.6 if not names_in_key else 0)
            if plan_height + extra + (gap if extra else 0) <= height + 0.01:
                break
        else:
            continue
        break
    key = draw_floor_plan(canvas, booths, assignments, x, y + height - plan_height, width, plan_height, font,
                          bold_font, names_in_key=names_in_key)
    top = y + height - plan_height - gap
    if not names_in_key:
        canvas.saveState()
        canvas.setFont(font, KEY_SIZE)
        canvas.drawString(x, top - KEY_SIZE, note)
        canvas.restoreState()
        top -= KEY_SIZE * 1.6
    draw_plan_key(canvas, key, x, top, width, font, bold_font, key_title)
    return key


class FloorPlanFlowable(Flowable):
    """draw_floor_plan() as a platypus flowable of a given size; with_key: the plan and its key
    (draw_plan_page())."""

    def __init__(self, booths: Iterable[BoothLike], assignments: Labels, width: float, height: float, font: str,
                 bold_font: str, with_key: bool = False, key_title: str = "Chú thích", **options: Any) -> None:
        super().__init__()
        self.booths, self.assignments = list(booths), assignments
        self.width, self.height = width, height
        self.font, self.bold_font, self.options = font, bold_font, options
        self.with_key, self.key_title = with_key, key_title

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        if self.with_key:
            draw_plan_page(self.canv, self.booths, self.assignments, 0, 0, self.width, self.height, self.font,
                           self.bold_font, self.key_title)
        else:
            draw_floor_plan(self.canv, self.booths, self.assignments, 0, 0, self.width, self.height,
                            self.font, self.bold_font, **self.options)


def directory_table(rows: Iterable["DirectoryRow"], font: str, bold_font: str, width: float,
                    headers: Sequence[str] = ("Gian hàng", "Hợp tác xã", "Ngành hàng", "Sản phẩm")) -> Table:
    """The directory as a platypus Table (repeats its header on each page)."""
    cell = ParagraphStyle("directory", fontName=font, fontSize=8.5, leading=10.5)
    head = ParagraphStyle("directory-head", parent=cell, fontName=bold_font)
    data = [[Paragraph(escape(h), head) for h in headers]]
    for row in rows:
        data.append([Paragraph(escape(row.booths), cell), Paragraph(escape(row.cooperative), cell),
                     Paragraph(escape(row.sector), cell), Paragraph(escape(row.products), cell)])
    table = Table(data, colWidths=[width * 0.14, width * 0.38, width * 0.2, width * 0.28], repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9ca3af")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e5e7eb")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f9fafb")]),
    ]))
    return table


def render_plan_pdf(title: str, subtitle: str, booths: Iterable[BoothLike], assignments: Labels,
                    rows: Sequence["DirectoryRow"], font: str, bold_font: str, *, directory_title: str = "",
                    headers: Sequence[str] = ("Gian hàng", "Hợp tác xã", "Ngành hàng", "Sản phẩm"),
                    empty_text: str = "", author: str | None = "", key_title: str = "Chú thích") -> bytes:
    """A landscape A4 document: the plan and its key on the first page (no text under 6 pt), then
    the directory. author: the organiser, in the PDF's metadata with its title and language.
    Returns bytes."""
    buffer = BytesIO()
    page = landscape(A4)
    margin = 12 * mm
    doc = SimpleDocTemplate(buffer, pagesize=page, leftMargin=margin, rightMargin=margin, topMargin=margin,
                            bottomMargin=margin, **template_options(title, author, title))
    h1 = ParagraphStyle("h1", fontName=bold_font, fontSize=15, leading=19)
    h2 = ParagraphStyle("h2", fontName=bold_font, fontSize=12, leading=16, spaceBefore=6)
    body = ParagraphStyle("body", fontName=font, fontSize=9, leading=12)
    usable_w = page[0] - 2 * margin
    story = [Paragraph(escape(title), h1), Paragraph(escape(subtitle), body), Spacer(1, 4 * mm)]
    booths = list(booths)
    if booths:
        story.append(FloorPlanFlowable(booths, assignments, usable_w, page[1] - 2 * margin - 22 * mm, font,
                                       bold_font, with_key=True, key_title=key_title))
    if rows:
        story += [Paragraph(escape(directory_title), h2), Spacer(1, 2 * mm),
                  directory_table(rows, font, bold_font, usable_w, headers)]
    elif empty_text:
        story.append(Paragraph(escape(empty_text), body))
    doc.build(story)
    return buffer.getvalue()
