"""The floor plan's page in the guests' programme: the booths feature's drawing with its key
(eventapp.booths.plan_pdf.draw_plan_page), no text under 6 pt, filling a page of its own.

On A4 the page is turned to landscape; the booklet's A5 pages must all be upright for the
imposition, so there the plan is drawn turned on an upright page (the reader turns the booklet).
"""
from typing import TYPE_CHECKING

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from ...booths.plan_pdf import draw_plan_page
from ...pdf.text import draw_fitted
from .common import BRAND

if TYPE_CHECKING:
    from ..documents import FloorPlan

TITLE = 9 * mm


class FloorPlanPage(Flowable):
    """The title and the plan with its key, filling the frame it is given."""

    def __init__(self, plan: "FloorPlan", title: str, font_names: tuple[str, str], turned: bool = False,
                 key_title: str = "Chú thích") -> None:
        super().__init__()
        self.plan, self.title, self.turned, self.key_title = plan, title, turned, key_title
        self.font, self.bold = font_names
        self.width: float = 0
        self.height: float = 0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = available_width, available_height - 1
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        width, height = self.width, self.height
        if self.turned:
            canvas.translate(width, 0)
            canvas.rotate(90)
            width, height = height, width
        canvas.setFillColor(BRAND)
        draw_fitted(canvas, self.title, self.bold, 14, 0, height, width, TITLE, align="left", max_lines=1)
        draw_plan_page(canvas, self.plan.booths, self.plan.assignments, 0, 0, width, height - TITLE, self.font,
                       self.bold, self.key_title)
        canvas.restoreState()
