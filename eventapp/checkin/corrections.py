"""Corrections at the door: undoing a check-in. The scan stays in the log, marked undone."""
from datetime import datetime
from typing import Any, cast

from flask_babel import gettext as _
from sqlalchemy import CursorResult, and_, delete, select, update

from .. import audit
from ..db import utcnow
from ..errors import Conflict, DomainError, NotFound
from ..extensions import db
from .judging import EventRef, NotYours, Scanner
from .models import Admission, Scan


def undo(event: EventRef, scan_id: int, scanner: Scanner, now: datetime | None = None) -> int:
    """Reverses an accepted (or exit) scan; the scan stays in the log, marked undone. Commits.

    Door staff may undo only their own last one; admins any.
    """
    now = now or utcnow()
    scan = db.session.get(Scan, scan_id) if 0 < scan_id < 2**31 else None
    if scan is None or scan.event_id != event.id:
        raise NotFound(_("Không có lượt quét này."))
    if scan.undone_at is not None:
        raise Conflict(_("Lượt quét này đã được huỷ."))
    if scan.result not in ("accepted", "exited"):
        raise DomainError(_("Chỉ huỷ được lượt check-in đã chấp nhận hoặc lượt ra."))
    if scanner.role != "admin" and scan.id != _last_own_scan_id(event, scanner):
        raise NotYours(_("Bạn chỉ có thể huỷ lượt check-in gần nhất của chính mình."))

    # The admission first, then the scan: the same lock order as check_in().
    at_gate = and_(Admission.guest_id == scan.guest_id, Admission.gate_id == scan.gate_id)
    if scan.result == "accepted":
        changed = cast(CursorResult[Any], db.session.execute(
            delete(Admission).where(at_gate, Admission.scan_id == scan.id)
        )).rowcount
        if not changed:  # a re-entry: the guest is out again
            changed = cast(CursorResult[Any], db.session.execute(
                update(Admission).where(at_gate, Admission.inside.is_(True), Admission.entries > 1)
                .values(inside=False, entries=Admission.entries - 1, changed_at=now)
            )).rowcount
    else:
        changed = cast(CursorResult[Any], db.session.execute(
            update(Admission).where(at_gate, Admission.inside.is_(False)).values(inside=True, changed_at=now)
        )).rowcount
    marked = cast(CursorResult[Any], db.session.execute(
        update(Scan).where(Scan.id == scan.id, Scan.undone_at.is_(None)).values(undone_at=now, undone_by=scanner.label)
    )).rowcount
    if not marked or not changed:
        db.session.rollback()
        raise Conflict(_("Lượt quét này đã được huỷ hoặc đã thay đổi."))
    audit.record("checkin.undo", f"scan:{scan_id}", event=event.id, actor=scanner.label,
                 guest_id=scan.guest_id, gate_id=scan.gate_id, result=scan.result)
    db.session.commit()
    return scan_id


def _last_own_scan_id(event: EventRef, scanner: Scanner) -> int | None:
    if scanner.user_id is not None:
        mine = Scan.user_id == scanner.user_id
    elif scanner.api_key_id is not None:
        mine = Scan.api_key_id == scanner.api_key_id
    else:
        return None
    return db.session.execute(
        select(Scan.id).where(Scan.event_id == event.id, mine, Scan.result.in_(("accepted", "exited")),
                              Scan.undone_at.is_(None))
        .order_by(Scan.received_at.desc(), Scan.id.desc()).limit(1)
    ).scalar()
