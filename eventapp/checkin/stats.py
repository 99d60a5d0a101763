"""The organisers' live view of the doors: who is on site, per category and gate, arrivals, last scans.

"On site" counts people (a guest admitted at three gates is one person; an exit scan takes them
out), kept apart from the per-gate figures, which count admissions and scans at each gate.
"""
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, Select, case, func, select

from ..events.models import GuestCategory
from ..extensions import db
from ..i18n import format_time
from ..programme.queries import award_names
from ..registration.models import Guest
from .charts import arrivals_svg
from .judging import EventRef
from .models import Admission, Gate, Scan
from .outcomes import COLOURS, result_labels
from .queries import needs_attention
from .services import REFUSALS

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

BUCKET_MINUTES = 10
MAX_BUCKETS = 72  # twelve hours of ten-minute bars
LIST_LENGTH = 12


def gate_list(event: EventRef, locale: str = "vi") -> list[dict[str, Any]]:
    gates = db.session.execute(
        select(Gate).where(Gate.event_id == event.id).order_by(Gate.position, Gate.id)
    ).scalars().all()
    return [
        {"id": gate.id, "code": gate.code, "name": gate.label(locale), "allow_reentry": gate.allow_reentry,
         "active": gate.active, "categories": [c.code for c in gate.categories]}
        for gate in gates
    ]


def _grouped(statement: Select[Any]) -> dict[Any, Any]:
    return {tuple(row[:-1]) if len(row) > 2 else row[0]: row[-1] for row in db.session.execute(statement).all()}


def dashboard(event: EventRef, locale: str = "vi") -> dict[str, Any]:
    """Everything the dashboard shows, as plain JSON-ready data."""
    categories = db.session.execute(
        select(GuestCategory).where(GuestCategory.event_id == event.id).order_by(GuestCategory.position)
    ).scalars().all()
    gates = db.session.execute(
        select(Gate).where(Gate.event_id == event.id).order_by(Gate.position, Gate.id)
    ).scalars().all()
    registered = _grouped(
        select(Guest.category_id, func.count()).where(Guest.event_id == event.id, Guest.status == "registered")
        .group_by(Guest.category_id))
    arrived = _grouped(
        select(Guest.category_id, func.count(func.distinct(Admission.guest_id)))
        .join(Guest, Guest.id == Admission.guest_id).where(Admission.event_id == event.id)
        .group_by(Guest.category_id))
    per_gate = {row[0]: row[1:] for row in db.session.execute(
        select(Admission.gate_id, func.count(), func.sum(case((Admission.inside.is_(True), 1), else_=0)))
        .where(Admission.event_id == event.id).group_by(Admission.gate_id)).all()}
    scan_counts = _grouped(
        select(Scan.gate_id, Scan.result, func.count()).where(Scan.event_id == event.id)
        .group_by(Scan.gate_id, Scan.result))

    def gate_row(gate: Gate) -> dict[str, Any]:
        admitted_ids = {c.id for c in gate.categories}
        eligible = sum(n for cid, n in registered.items() if not admitted_ids or cid in admitted_ids)
        counts = {result: n for (gid, result), n in scan_counts.items() if gid == gate.id}
        admitted, inside = per_gate.get(gate.id, (0, 0))
        return {"code": gate.code, "name": gate.label(locale), "active": gate.active, "admitted": admitted,
                "inside": int(inside or 0), "eligible": eligible, "scans": sum(counts.values()),
                "duplicates": counts.get("already_checked_in", 0),
                "refused": sum(counts.get(r, 0) for r in REFUSALS)}

    totals = dict.fromkeys(result_labels(), 0)
    for (_gate_id, result), n in scan_counts.items():
        totals[result] = totals.get(result, 0) + n
    buckets = arrivals(event)
    return {
        "event": event.slug,
        "on_site": db.session.execute(
            select(func.count(func.distinct(Admission.guest_id)))
            .where(Admission.event_id == event.id, Admission.inside.is_(True))).scalar_one(),
        "checked_in": sum(arrived.values()),
        "registered": sum(registered.values()),
        "scans": sum(totals.values()),
        "duplicates": totals.get("already_checked_in", 0),
        "refused": sum(totals.get(r, 0) for r in REFUSALS),
        "categories": [
            {"code": c.code, "name": c.label(locale), "registered": registered.get(c.id, 0),
             "checked_in": arrived.get(c.id, 0)} for c in categories
        ],
        "gates": [gate_row(gate) for gate in gates],
        "arrivals": [{"at": start.strftime("%H:%M"), "count": n} for start, n in buckets],
        "chart_svg": arrivals_svg([(start.strftime("%H:%M"), n) for start, n in buckets],
                                  title=_("Khách đến theo từng 10 phút")),
        "last_scans": recent_scans(event, locale),
        "duplicate_scans": recent_scans(event, locale, results=("already_checked_in",)),
        "refusals": recent_scans(event, locale, results=REFUSALS),
        "alerts": arrival_alerts(event, locale),
    }


def arrivals(event: EventRef) -> list[tuple[datetime, int]]:
    """[(start of the ten minutes in the event's time zone, guests arriving)]: first admission each."""
    firsts = db.session.execute(
        select(func.min(Admission.admitted_at)).where(Admission.event_id == event.id).group_by(Admission.guest_id)
    ).scalars().all()
    if not firsts:
        return []
    counts: dict[datetime, int] = {}
    for moment in firsts:
        local = _as_utc(moment).astimezone(_zone(event))
        start = local.replace(minute=local.minute - local.minute % BUCKET_MINUTES, second=0, microsecond=0)
        counts[start] = counts.get(start, 0) + 1
    first, last = min(counts), max(counts)
    first = max(first, last - timedelta(minutes=BUCKET_MINUTES * (MAX_BUCKETS - 1)))
    result, moment = [], first
    while moment <= last:
        result.append((moment, counts.get(moment, 0)))
        moment += timedelta(minutes=BUCKET_MINUTES)
    return result


def _zone(event: EventRef) -> "ZoneInfo":
    from zoneinfo import ZoneInfo

    return ZoneInfo(event.timezone)


def _as_utc(moment: datetime) -> datetime:

    # Aggregates bypass the column type on SQLite; the value is naive UTC there.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _scan_rows(event: EventRef, condition: ColumnElement[bool], limit: int) -> Sequence[Any]:
    return db.session.execute(
        select(Scan.id, Scan.scanned_at, Scan.result, Scan.device, Scan.offline, Scan.undone_at, Scan.guest_id,
               Scan.code_tail, Scan.direction, Gate.name, Gate.name_en, Guest.full_name, Guest.organization)
        .join(Gate, Gate.id == Scan.gate_id).outerjoin(Guest, Guest.id == Scan.guest_id)
        .where(Scan.event_id == event.id, condition)
        .order_by(Scan.scanned_at.desc(), Scan.id.desc()).limit(limit)
    ).all()


def _scan_json(row: Any, event: EventRef, locale: str, labels: dict[str, str]) -> dict[str, Any]:
    return {"id": row.id, "time": format_time(_as_utc(row.scanned_at), event.timezone),
            "at": _as_utc(row.scanned_at).isoformat(), "result": row.result,
            "label": labels.get(row.result, row.result), "colour": COLOURS.get(row.result, "red"),
            "gate": row.name_en if locale == "en" and row.name_en else row.name,
            "guest": row.full_name or "", "organization": row.organization or "", "code_tail": row.code_tail,
            "device": row.device, "offline": row.offline, "undone": row.undone_at is not None,
            "direction": row.direction}


def recent_scans(event: EventRef, locale: str = "vi", results: Sequence[str] | None = None,
                 limit: int = LIST_LENGTH) -> list[dict[str, Any]]:
    condition = Scan.result.in_(results) if results else Scan.id.is_not(None)
    labels = result_labels()
    return [_scan_json(row, event, locale, labels) for row in _scan_rows(event, condition, limit)]


def arrival_alerts(event: EventRef, locale: str = "vi", limit: int = LIST_LENGTH) -> list[dict[str, Any]]:
    """Guests to be met (queries.needs_attention: the door's rule) who have just arrived."""
    rows = db.session.execute(
        select(Scan.id, Scan.scanned_at, Guest.id.label("guest_id"), Guest.full_name, Guest.organization,
               Guest.position, Gate.name, Gate.name_en, GuestCategory.name.label("category"),
               GuestCategory.name_en.label("category_en"))
        .join(Guest, Guest.id == Scan.guest_id).join(Gate, Gate.id == Scan.gate_id)
        .join(GuestCategory, GuestCategory.id == Guest.category_id)
        .where(Scan.event_id == event.id, Scan.result == "accepted", Scan.direction == "in",
               Scan.undone_at.is_(None), needs_attention())
        .order_by(Scan.scanned_at.desc(), Scan.id.desc()).limit(limit)
    ).all()
    awards = award_names({row.guest_id for row in rows})
    return [
        {"scan_id": row.id, "time": format_time(_as_utc(row.scanned_at), event.timezone),
         "name": row.full_name, "position": row.position, "organization": row.organization,
         "category": row.category_en if locale == "en" and row.category_en else row.category,
         "gate": row.name_en if locale == "en" and row.name_en else row.name,
         "awards": awards.get(row.guest_id, [])}
        for row in rows
    ]
