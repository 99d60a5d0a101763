"""The floor plan in the guests' programme, drawn as vector graphics.

The booths feature owns the drawing (eventapp.booths.plan_pdf.draw_floor_plan); when it is not
installed, a plain drawing of the booths' rectangles and codes stands in, so the programme still
shows where each exhibitor is.
"""
import logging

from reportlab.lib import colors
from reportlab.platypus import Flowable

try:
    from ...booths.plan_pdf import draw_floor_plan
except ImportError:
    draw_floor_plan = None

log = logging.getLogger(__name__)
ASSIGNED = colors.HexColor("#dbeafe")
FREE = colors.HexColor("#f3f4f6")


class FloorPlanFlowable(Flowable):
    def __init__(self, plan, width, height, font_names):
        super().__init__()
        self.plan = plan
        self.width, self.height = width, height
        self.font, self.bold = font_names

    def wrap(self, available_width, available_height):
        return self.width, self.height

    def draw(self):
        canvas = self.canv
        if draw_floor_plan is not None:
            canvas.saveState()
            try:
                draw_floor_plan(canvas, self.plan.booths, self.plan.assignments, 0, 0, self.width, self.height,
                                self.font, self.bold)
                return
            except Exception:  # the booths feature's drawing failed: the plain plan still prints
                log.exception("floor plan drawing failed; using the plain plan")
            finally:
                canvas.restoreState()
        draw_plain_plan(canvas, self.plan.booths, {a.booth_id for a in self.plan.assignments},
                        0, 0, self.width, self.height, self.bold)


def draw_plain_plan(canvas, booths, assigned_ids, x, y, width, height, font):
    """Booth rectangles scaled into the box (x, y bottom-left), plan y growing downwards."""
    if not booths:
        return
    left = min(b.x for b in booths)
    top = min(b.y for b in booths)
    right = max(b.x + b.width for b in booths)
    bottom = max(b.y + b.height for b in booths)
    scale = min(width / max(right - left, 1e-6), height / max(bottom - top, 1e-6))
    offset_x = x + (width - (right - left) * scale) / 2
    offset_y = y + height - (height - (bottom - top) * scale) / 2
    canvas.saveState()
    canvas.setLineWidth(0.5)
    canvas.setStrokeColor(colors.HexColor("#374151"))
    for booth in booths:
        bx = offset_x + (booth.x - left) * scale
        by = offset_y - (booth.y - top + booth.height) * scale
        bw, bh = booth.width * scale, booth.height * scale
        canvas.setFillColor(ASSIGNED if booth.id in assigned_ids else FREE)
        canvas.rect(bx, by, bw, bh, stroke=1, fill=1)
        size = max(4, min(8, bw / max(len(booth.code), 1) * 1.6, bh * 0.45))
        canvas.setFillColor(colors.black)
        canvas.setFont(font, size)
        canvas.drawCentredString(bx + bw / 2, by + bh / 2 - size / 3, booth.code)
    canvas.restoreState()
