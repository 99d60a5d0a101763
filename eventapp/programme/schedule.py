"""The times of the running order: each item starts when the one before it ends, unless pinned.

Pure: no database, no Flask. The organiser gives durations and the order; a pinned start (the
minister arrives at 09:00 whatever happens) holds, and the items after it follow from it.
"""
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Slot:
    start: datetime
    end: datetime
    pinned: bool
    # Minutes between the end of the previous item and this start: negative when a pinned start
    # comes before the previous item ends (an overlap the organiser should see), 0 normally.
    gap_minutes: int = 0

    @property
    def overlaps(self):
        return self.gap_minutes < 0


def compute_schedule(entries, day_start):
    """entries: (duration_minutes, pinned_start or None) in running order; day_start: aware datetime.

    Returns one Slot per entry. The first item starts at its pinned time or at day_start.
    """
    slots = []
    previous_end = day_start
    for duration, pinned in entries:
        start = pinned if pinned is not None else previous_end
        gap = 0
        if pinned is not None and slots:
            gap = round((pinned - previous_end).total_seconds() / 60)
        end = start + timedelta(minutes=max(0, duration or 0))
        slots.append(Slot(start=start, end=end, pinned=pinned is not None, gap_minutes=gap))
        previous_end = end
    return slots

