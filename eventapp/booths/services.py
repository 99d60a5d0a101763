"""What other features call (the programme PDF takes the plan and the directory from here).

    booths, labels, rows = plan_for_print(event)
    draw_floor_plan(canvas, booths, labels, x, y, width, height, font, bold_font)   # plan_pdf
    directory_table(rows, font, bold_font, width)                                  # plan_pdf
"""
from collections.abc import Sequence

from ..events.models import Event
from .directory import DirectoryRow, directory_csv, directory_rows  # noqa: F401
from .models import Booth
from .placement import assignments, plan_labels  # noqa: F401
from .plan import list_booths, staff_category  # noqa: F401


def plan_for_print(event: Event) -> tuple[Sequence[Booth], dict[int, str], list[DirectoryRow]]:
    """(booths, {booth id: exhibitor}, directory rows) of the event, ready for plan_pdf."""
    return list_booths(event), plan_labels(event), directory_rows(event)
