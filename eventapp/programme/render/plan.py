"""The floor plan in the guests' programme: the booths feature's own drawing
(eventapp.booths.plan_pdf.draw_floor_plan), as a flowable of the programme's story."""
from reportlab.platypus import Flowable

from ...booths.plan_pdf import draw_floor_plan


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
        canvas.saveState()
        try:
            draw_floor_plan(canvas, self.plan.booths, self.plan.assignments, 0, 0, self.width, self.height,
                            self.font, self.bold)
        finally:
            canvas.restoreState()
