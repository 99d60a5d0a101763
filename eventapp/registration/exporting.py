"""The guest list as rows for CSV and XLSX, with the check-in status."""
from typing import Any

from ..audit import record
from ..events.models import Event
from ..extensions import db
from .contact import display_phone
from .labels import source_label_vi, status_label_vi
from .queries import all_guests, checked_in_ids
from .sheets import EXPORT_HEADERS, to_csv, to_xlsx


def guest_rows(event: Event) -> list[list[Any]]:
    """Header and one row per guest (every status), in Vietnamese name order."""
    checked = checked_in_ids(event)
    rows = [list(EXPORT_HEADERS)]
    for guest in all_guests(event):
        checked_text = "Có" if guest.id in checked else "Không"
        rows.append([
            guest.full_name, guest.email or "", display_phone(guest.phone), guest.organization,
            guest.position, guest.category.name, guest.category.code, "x" if guest.needs_attention else "",
            status_label_vi(guest.status), checked_text,
            guest.created_at.astimezone(event.tz).strftime("%d/%m/%Y %H:%M"),
            source_label_vi(guest.source), str(guest.id),
        ])
    return rows


def export_guests(event: Event, kind: str) -> tuple[bytes, str, str]:
    """(bytes, mimetype, filename) of the export; the export of personal data is audited."""
    rows = guest_rows(event)
    record("guest.export", f"event:{event.id}", event=event, format=kind, rows=len(rows) - 1)
    db.session.commit()
    if kind == "xlsx":
        return (to_xlsx(rows), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                f"khach-{event.slug}.xlsx")
    return to_csv(rows), "text/csv", f"khach-{event.slug}.csv"
