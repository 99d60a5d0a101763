"""Admitting guests at a gate: the rules in one place, exactly once by the database.

check_in() judges a scan and records it: INSERT the scan, and INSERT the admission ... ON CONFLICT
(guest_id, gate_id) DO NOTHING RETURNING id: no row back means the guest was already admitted at
this gate. On SQLite that is a two-INSERT transaction; on PostgreSQL one statement that records both
(in autocommit from the scanning API: see judging.start_reads). Two devices, or two server
processes, that admit the same badge at once get one `accepted` and one `already_checked_in`, on
SQLite and on PostgreSQL alike: the unique constraint decides, not a read in Python. What follows an
`already_checked_in` (re-entry after an exit, a conditional UPDATE ... WHERE inside = false, equally
atomic; an earlier offline scan taking over; marking the duplicate) runs in one transaction.

The hot path uses prebuilt statements (queries.py) and small value objects (no ORM loads), so
that a scan costs a handful of statements; the reads live in judging.py, undo in corrections.py.
"""
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..db import utcnow
from ..errors import Conflict
from ..extensions import db
from ..programme.models import AwardCategory, AwardRecipient
from . import queries
from .corrections import undo  # noqa: F401  (the service callers know)
from .judging import (  # noqa: F401  (the names callers use through services)
    EventRef, GateRef, GuestInfo, Judgement, NotYours, Scanner, _guest_info, _sqlite, begin_write, end_reads, event_ref,
    gate_ref, gate_ref_by_id, in_autocommit, judge, resolve, start_reads,
)
from .models import Admission

REFUSALS = ("invalid", "revoked", "cancelled", "not_approved", "wrong_event", "not_allowed_here")


@dataclass
class Outcome:
    result: str
    scan_id: int | None = None
    guest: GuestInfo | None = None
    first_at: datetime | None = None
    first_gate: str = ""
    first_gate_en: str = ""
    reentry: bool = False
    replayed: bool = False
    other_event: str = ""
    client_id: str | None = None
    extra: dict = field(default_factory=dict)


# Threads of one server process take turns here for SQLite's write lock: a thread waiting on this
# lock wakes as soon as it is free, whereas SQLite's busy handler sleeps 1, 2, 5, 10... ms between
# tries. Processes still meet at SQLite's lock; the database, not this lock, keeps the invariants.
_SQLITE_WRITER = threading.Lock()


@contextmanager
def _writer():
    if _sqlite():
        with _SQLITE_WRITER:
            yield
    else:
        yield


# ----- recording ------------------------------------------------------------------------------

def replay(event, client_id):
    """The outcome already recorded for this client_id, or None."""
    row = queries.run(queries.scan_by_client_id(), event_id=event.id, client_id=client_id).first()
    if row is None:
        return None
    gate = gate_ref_by_id(row.gate_id)
    outcome = Outcome(row.result, scan_id=row.id, replayed=True, client_id=client_id)
    if row.guest_id is not None:
        guest_row = queries.run(queries.guest_by_id(), gate_id=gate.id, guest_id=row.guest_id).first()
        outcome.guest = _guest_info(guest_row) if guest_row else None
    if row.result == "already_checked_in":
        _fill_first(outcome, row.guest_id, gate)
    return outcome


def _fill_first(outcome, guest_id, gate):
    admission = queries.run(queries.admission_at_gate(), the_guest=guest_id, the_gate=gate.id).first()
    if admission is not None:
        outcome.first_at = admission.admitted_at
        outcome.first_gate, outcome.first_gate_en = gate.name, gate.name_en
    return admission


def check_in(event, gate, scanner, *, code=None, guest_id=None, client_id=None, scanned_at=None,
             direction="in", method="code", offline=False, local_result=None, now=None, judged=None):
    """Judges one scan at a gate and records it. Returns an Outcome; commits.

    Sending the same client_id again returns the first answer and records nothing new: the unique
    (event_id, client_id) refuses the second insert, and the first answer is read back.
    """
    if not gate.active:
        raise Conflict(_("Cổng này đang đóng."))
    now = now or utcnow()
    # A device's clock may run ahead; a scan cannot have happened after it reached us.
    scanned_at = min(scanned_at, now) if scanned_at else now
    if judged is None:  # not already judged by resolve()
        start_reads()
        try:
            judged = judge(event, gate, code=code, guest_id=guest_id)
        except BaseException:
            end_reads()
            raise
    try:
        with _writer():
            begin_write()
            outcome = _record(event, gate, scanner, judged, client_id, scanned_at, direction, method, offline,
                              local_result, now)
            db.session.commit()
    except IntegrityError:
        db.session.rollback()
        previous = replay(event, client_id) if client_id else None
        db.session.rollback()
        if previous is None:
            raise
        return previous
    outcome.client_id = client_id
    return outcome


def _record(event, gate, scanner, judged, client_id, scanned_at, direction, method, offline, local_result, now):
    """The write transaction: an INSERT into scan, an INSERT into admission; more only for duplicates."""
    guest = judged.guest
    values = dict(
        event_id=event.id, gate_id=gate.id, guest_id=None if judged.result == "wrong_event" else getattr(guest, "id", None),
        direction=direction, method=method, code_tail=judged.code_tail, client_id=client_id,
        device=scanner.label[:255], api_key_id=scanner.api_key_id, user_id=scanner.user_id,
        scanned_at=scanned_at, received_at=now, offline=offline, local_result=local_result,
        duplicate_of_id=None, undone_at=None, undone_by=None,
    )
    if judged.result is not None:
        return Outcome(judged.result, _insert_scan(values, judged.result), guest, other_event=judged.other_event)

    at_gate = {"the_guest": guest.id, "the_gate": gate.id}
    if direction == "out":
        _transaction()
        left = queries.run(queries.leave(), now=now, **at_gate).rowcount
        result = "exited" if left else "not_inside"
        return Outcome(result, _insert_scan(values, result), guest)

    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        # One statement: the scan is recorded `accepted` or `already_checked_in` with the admission.
        scan_id, inserted = queries.run(queries.admit_in_one_statement(),
                                        **{f"s_{k}": v for k, v in values.items()}).one()
    else:
        scan_id = _insert_scan(values, "accepted")
        inserted = _insert_admission(dialect, event, guest, gate, scan_id, scanned_at, now)
    if inserted is not None:
        return Outcome("accepted", scan_id, guest)

    # Already admitted at this gate: the rest reads and writes several rows, in one transaction.
    _transaction()
    if gate.allow_reentry and queries.run(queries.reenter(), now=now, **at_gate).rowcount:
        return _accepted(scan_id, guest, reentry=True)

    outcome = Outcome("already_checked_in", scan_id, guest)
    first = _fill_first(outcome, guest.id, gate)
    if first is None:
        # The admission was undone between our INSERT and this read (PostgreSQL, read committed):
        # the guest is not in, so this scan admits, again through the unique constraint.
        if _insert_admission(dialect, event, guest, gate, scan_id, scanned_at, now) is not None:
            return _accepted(scan_id, guest)
        first = _fill_first(outcome, guest.id, gate)
    if offline and scanned_at < first.admitted_at:
        # A device that was offline admitted this badge before the admission we hold: the earliest
        # scan wins, and the other becomes the duplicate the organiser sees. Online scans never
        # take over: the server answered them, and only one of them heard "accepted".
        if queries.run(queries.take_over(), earliest=scanned_at, new_scan=scan_id, now=now, **at_gate).rowcount:
            if first.scan_id is not None:
                queries.run(queries.mark_duplicate(), target_id=first.scan_id, first_id=scan_id)
            return _accepted(scan_id, guest)
        first = _fill_first(outcome, guest.id, gate)
    queries.run(queries.mark_duplicate(), target_id=scan_id, first_id=first.scan_id)
    return outcome


def _accepted(scan_id, guest, reentry=False):
    """The scan, recorded as a duplicate by the first statement, admits after all."""
    queries.run(queries.set_accepted(), scan_id=scan_id)
    return Outcome("accepted", scan_id, guest, reentry=reentry)


def _transaction():
    """Writes of more than one statement need a transaction. The scanning API reads, and records an
    ordinary scan, in autocommit on PostgreSQL (judging.start_reads): one statement each. Committing
    ends that, and the next statement begins a transaction of its own."""
    if in_autocommit():
        db.session.commit()


def _insert_admission(dialect, event, guest, gate, scan_id, scanned_at, now):
    """The admission's id, or None when the guest was already admitted at this gate."""
    return queries.run(queries.insert_admission(dialect), event_id=event.id, guest_id=guest.id, gate_id=gate.id,
                       scan_id=scan_id, admitted_at=scanned_at, inside=True, entries=1, changed_at=now).scalar()


def _insert_scan(values, result):
    return queries.run(queries.insert_scan(), result=result, **values).scalar_one()


# ----- for other features ---------------------------------------------------------------------

def checked_in_guest_ids(event):
    """Ids of the guests admitted at one gate of the event at least (undone admissions excluded)."""
    return set(db.session.execute(
        select(Admission.guest_id).where(Admission.event_id == event.id).distinct()
    ).scalars())


def award_names(guest_ids):
    """{guest id: [award category names]} for arrival alerts."""
    if not guest_ids:
        return {}
    rows = db.session.execute(
        select(AwardRecipient.guest_id, AwardCategory.name)
        .join(AwardCategory, AwardCategory.id == AwardRecipient.category_id)
        .where(AwardRecipient.guest_id.in_(list(guest_ids)))
        .order_by(AwardCategory.position)
    ).all()
    result = {}
    for guest_id, name in rows:
        result.setdefault(guest_id, []).append(name)
    return result

