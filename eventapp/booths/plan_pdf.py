"""The floor plan and the exhibitor directory in PDF: vector drawing on a reportlab canvas.

Pure: data in, drawing or bytes out. The programme PDF calls draw_floor_plan() and
directory_table() for its pages; render_plan_pdf() makes the standalone download.

    from eventapp.booths.services import plan_for_print
    booths, labels, rows = plan_for_print(event)
    draw_floor_plan(canvas, booths, labels, x, y, width, height, font, bold_font)
"""
from io import BytesIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.lib.styles import ParagraphStyle

from ..pdf.text import escape, fit_text
from .svg import ZONE_PALETTE, zone_colors

STATUS_FILL = {"free": "#ffffff", "held": "#fef3c7", "blocked": "#d1d5db", "assigned": "#dbeafe"}


def _labels(assignments):
    """{booth id: exhibitor name} from a mapping, or from assignment objects
    (booth_id, application.cooperative.name)."""
    if assignments is None:
        return {}
    if isinstance(assignments, dict):
        return assignments
    return {a.booth_id: a.application.cooperative.name for a in assignments}


def _get(booth, name, default=None):
    return booth.get(name, default) if isinstance(booth, dict) else getattr(booth, name, default)


def draw_floor_plan(canvas, booths, assignments, x, y, width, height, font, bold_font, *,
                    mode="zone", highlight=(), legend=True):
    """Draws the plan fitted (aspect kept) in the box whose lower-left corner is (x, y), in points.
    booths: Booth objects or dicts (id, code, zone, x, y, width, height, plan_status), metres with y
    downwards as on screen; assignments: {booth id: exhibitor} or BoothAssignment objects.
    mode "zone" fills by zone (with a legend), "status" by status."""
    booths = list(booths)
    if not booths:
        return
    labels = _labels(assignments)
    zones = zone_colors(_get(b, "zone", "") for b in booths)
    legend_height = 14 if legend and mode == "zone" and zones else 0
    left = min(_get(b, "x") for b in booths)
    top = min(_get(b, "y") for b in booths)
    plan_w = max(_get(b, "x") + _get(b, "width") for b in booths) - left
    plan_h = max(_get(b, "y") + _get(b, "height") for b in booths) - top
    scale = min(width / plan_w, (height - legend_height) / plan_h)
    offset_x = x + (width - plan_w * scale) / 2
    top_y = y + height  # the plan hangs from the top of the box

    canvas.saveState()
    canvas.setLineWidth(0.6)
    for b in booths:
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
        code_size = max(3.5, min(9, bh * 0.28, bw * 0.3))
        canvas.setFont(bold_font, code_size)
        canvas.drawCentredString(bx + bw / 2, by + bh - code_size - 1, _get(b, "code"))
        label = labels.get(_get(b, "id"))
        if label:
            room = bh - code_size - 3
            size, lines = fit_text(label, font, min(6.5, code_size), bw - 2, room, min_size=2.5, max_lines=3)
            lines = lines[: max(1, int(room // (size * 1.2)))]
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


class FloorPlanFlowable(Flowable):
    """draw_floor_plan() as a platypus flowable of a given size."""

    def __init__(self, booths, assignments, width, height, font, bold_font, **options):
        super().__init__()
        self.booths, self.assignments = list(booths), assignments
        self.width, self.height = width, height
        self.font, self.bold_font, self.options = font, bold_font, options

    def wrap(self, available_width, available_height):
        return self.width, self.height

    def draw(self):
        draw_floor_plan(self.canv, self.booths, self.assignments, 0, 0, self.width, self.height,
                        self.font, self.bold_font, **self.options)


def directory_table(rows, font, bold_font, width, headers=("Gian hàng", "Hợp tác xã", "Ngành hàng", "Sản phẩm")):
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


def render_plan_pdf(title, subtitle, booths, assignments, rows, font, bold_font, *,
                    directory_title="", headers=("Gian hàng", "Hợp tác xã", "Ngành hàng", "Sản phẩm"),
                    empty_text=""):
    """A landscape A4 document: the plan on the first page, then the directory. Returns bytes."""
    buffer = BytesIO()
    page = landscape(A4)
    margin = 12 * mm
    doc = SimpleDocTemplate(buffer, pagesize=page, leftMargin=margin, rightMargin=margin, topMargin=margin,
                            bottomMargin=margin, title=title, author=subtitle)
    h1 = ParagraphStyle("h1", fontName=bold_font, fontSize=15, leading=19)
    h2 = ParagraphStyle("h2", fontName=bold_font, fontSize=12, leading=16, spaceBefore=6)
    body = ParagraphStyle("body", fontName=font, fontSize=9, leading=12)
    usable_w = page[0] - 2 * margin
    story = [Paragraph(escape(title), h1), Paragraph(escape(subtitle), body), Spacer(1, 4 * mm)]
    booths = list(booths)
    if booths:
        story.append(FloorPlanFlowable(booths, assignments, usable_w, page[1] - 2 * margin - 22 * mm, font,
                                       bold_font))
    if rows:
        story += [Paragraph(escape(directory_title), h2), Spacer(1, 2 * mm),
                  directory_table(rows, font, bold_font, usable_w, headers)]
    elif empty_text:
        story.append(Paragraph(escape(empty_text), body))
    doc.build(story)
    return buffer.getvalue()
