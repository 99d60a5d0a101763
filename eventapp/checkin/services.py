"""Admitting guests at a gate: a scan from its read to its write, and its transactions, told once.

Every device sends a scan a second at a busy door, so a scan is planned to cost few statements.
The rest of the feature (the API, the batch of an offline device, walk-ins) calls check_in().

1. Read (read_scan): ONE statement gives the event, the gate and what the door may know of the
   badge's guest, found by badge code, revoked badge code or guest id (queries.scan_context).
   judging.judge() turns that row into the answer. Nothing is written.
   - SQLite: every transaction otherwise takes the database's write lock (BEGIN IMMEDIATE, see
     eventapp.db), so the read runs in a read snapshot (BEGIN DEFERRED), which waits for nobody.
   - PostgreSQL: when the request has not used the database yet (a device's scan), the read runs
     in autocommit: no BEGIN and COMMIT round trips.
2. Write (_record): the scan is INSERTed, and the admission by INSERT ... ON CONFLICT (guest_id,
   gate_id) DO NOTHING RETURNING id: no row back means the guest was already admitted at this gate.
   The unique constraint decides, not a read in Python: two devices, or two server processes, that
   admit the same badge at once get one `accepted` and one `already_checked_in`.
   - SQLite: the read snapshot becomes the write transaction on the same connection (ROLLBACK;
     BEGIN IMMEDIATE): two INSERTs, COMMIT. Threads of one process queue for it on a Python lock.
   - PostgreSQL: one statement records both (queries.admit_in_one_statement), atomic on its own,
     in autocommit; a plain repeat (the guest is inside) is recorded there as the duplicate of the
     first scan too. Every round trip and every commit's flush to disk is waited for by the door, and
     on a busy machine each round trip also waits for a CPU: a repeat, a fifth of a real door's scans,
     cost nine round trips and two flushes before, now two and one (_plain_repeat).
   What else follows an `already_checked_in` (re-entry after an exit, a conditional UPDATE ... WHERE
   inside = false; an earlier offline scan taking over; marking the duplicate on SQLite) writes
   several rows, so it opens a transaction first (_several_statements).

An ordinary scan, first or repeat, thus costs, once the device's key is known, two statements on
PostgreSQL (SELECT; WITH ... INSERT) and no ping (eventapp.db pings only a connection that sat idle);
on SQLite BEGIN, SELECT, ROLLBACK, BEGIN IMMEDIATE, INSERT, INSERT (and UPDATE, SELECT, UPDATE for a
repeat), with the log's checkpoint left to a thread (eventapp.db). The tests count them
(tests/checkin/test_scan_speed.py). Statements are built once (queries.py) and rows stay plain
tuples (no ORM loads). Undo is in corrections.py.
"""
import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..db import end_read_snapshot, in_read_snapshot, read_snapshot, utcnow
from ..errors import Conflict, NotFound
from ..extensions import db
from ..tokens import parse_code, parse_short_code
from . import queries
from .corrections import undo as undo  # the service callers know
from .judging import EventRef, GateRef, GuestInfo, Judgement, ScanRead, guest_info, judge, usable
from .judging import NotYours as NotYours  # the service callers know
from .judging import Scanner as Scanner  # the service callers know
from .models import Admission

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from ..events.models import Event

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
    extra: dict[str, Any] = field(default_factory=dict)


# ----- the scan -------------------------------------------------------------------------------

def read_scan(slug: str, *, gate_code: str | None = None, gate_id: int | None = None, code: str | None = None,
              guest_id: int | None = None) -> ScanRead:
    """Step 1: what the scan is, in one statement. Returns a ScanRead; its gate is None when the
    event has no such gate. NotFound when the event does not exist."""
    if not usable(slug) or (gate_code is not None and not usable(gate_code)):
        raise NotFound(_("Không có sự kiện này."))
    token = parse_code(code) if code is not None else None
    # Typed from under the QR when it will not read: the badge code's first letters.
    short = parse_short_code(code) if code is not None and token is None else None
    _begin_reads()
    by_short = short is not None
    params = dict(slug=slug, guest_id=guest_id, **(queries.short_code_range(short) if by_short else {"token": token}))
    if gate_id is not None:
        row = queries.run(queries.scan_context_by_gate_id(by_short), gate_id=gate_id, **params).first()
    else:
        row = queries.run(queries.scan_context_by_gate_code(by_short), code=gate_code or "", **params).first()
    if row is None:
        raise NotFound(_("Không có sự kiện này."))
    return ScanRead.from_row(row, code=code, token=token, short=short, guest_id=guest_id)


def check_in(event: EventRef, gate: GateRef, scanner: Scanner, *, code: str | None = None, guest_id: int | None = None,
             client_id: str | None = None, scanned_at: datetime | None = None, direction: str = "in",
             method: str = "code", offline: bool = False, local_result: str | None = None,
             now: datetime | None = None, read: ScanRead | None = None) -> Outcome:
    """Judges one scan at a gate and records it. Returns an Outcome; commits.

    read: what read_scan() returned for this scan when the caller has read it already (the API
    checks the key's rights on the event and gate it read); otherwise it is read here.
    Sending the same client_id again returns the first answer and records nothing new: the unique
    (event_id, client_id) refuses the second insert, and the first answer is read back.
    """
    now = now or utcnow()
    # A device's clock may run ahead; a scan cannot have happened after it reached us.
    scanned_at = min(scanned_at, now) if scanned_at else now
    try:
        if read is None:
            read = read_scan(event.slug, gate_id=gate.id, code=code, guest_id=guest_id)
        if read.gate is None:
            raise NotFound(_("Không có cổng này."))
        if not read.gate.active:
            raise Conflict(_("Cổng này đang đóng."))
        judged = judge(read)
    except BaseException:
        end_read_snapshot(db.session)
        raise
    try:
        with _writer():
            _begin_write()
            outcome = _record(read.event, read.gate, scanner, judged, client_id, scanned_at, direction, method,
                              offline, local_result, now)
            db.session.commit()
    except IntegrityError:
        db.session.rollback()
        previous = replay(read.event, client_id) if client_id else None
        db.session.rollback()
        if previous is None:
            raise
        return previous
    outcome.client_id = client_id
    return outcome


def _record(event: EventRef, gate: GateRef, scanner: Scanner, judged: Judgement, client_id: str | None,
            scanned_at: datetime, direction: str, method: str, offline: bool, local_result: str | None,
            now: datetime) -> Outcome:
    """Step 2, the write: an INSERT into scan, an INSERT into admission; more only for duplicates."""
    guest = judged.guest
    values = dict(
        event_id=event.id, gate_id=gate.id,
        guest_id=None if judged.result == "wrong_event" else getattr(guest, "id", None),
        direction=direction, method=method, code_tail=judged.code_tail, client_id=client_id,
        device=scanner.label[:255], api_key_id=scanner.api_key_id, user_id=scanner.user_id,
        scanned_at=scanned_at, received_at=now, offline=offline, local_result=local_result,
        duplicate_of_id=None, undone_at=None, undone_by=None,
    )
    if judged.result is not None:
        return Outcome(judged.result, _insert_scan(values, judged.result), guest, other_event=judged.other_event)
    assert guest is not None  # no refusal: judge() found the guest

    at_gate = {"the_guest": guest.id, "the_gate": gate.id}
    if direction == "out":
        _several_statements()
        left = queries.run(queries.leave(), now=now, **at_gate).rowcount
        result = "exited" if left else "not_inside"
        return Outcome(result, _insert_scan(values, result), guest)

    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        # One statement: the scan is recorded `accepted`, or `already_checked_in` as the duplicate of
        # the admission's first scan, with the admission.
        row = queries.run(queries.admit_in_one_statement(),
                          **{f"s_{k}": v for k, v in values.items() if k != "duplicate_of_id"}).one()
        scan_id, inserted = row.scan_id, row.admission_id
        if inserted is None and _plain_repeat(row, gate, offline, scanned_at):
            return Outcome("already_checked_in", scan_id, guest, first_at=row.first_at, first_gate=gate.name,
                           first_gate_en=gate.name_en)
    else:
        scan_id = _insert_scan(values, "accepted")
        inserted = _insert_admission(dialect, event, guest, gate, scan_id, scanned_at, now)
    if inserted is not None:
        return Outcome("accepted", scan_id, guest)

    # Already admitted at this gate: the rest reads and writes several rows, in one transaction.
    _several_statements()
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


def _plain_repeat(row: Any, gate: GateRef, offline: bool, scanned_at: datetime) -> bool:
    """PostgreSQL: the one statement already recorded this scan as the duplicate it is, and nothing
    else is to be written: the admission was in its snapshot, the guest is inside or the gate lets
    nobody re-enter, and no earlier offline scan takes over. Otherwise the several-statement path
    decides (a re-entry, a take-over, an admission committed after the snapshot or undone)."""
    if row.first_at is None:
        return False
    if gate.allow_reentry and not row.inside:
        return False
    return not (offline and scanned_at < row.first_at)


def _accepted(scan_id: int, guest: GuestInfo, reentry: bool = False) -> Outcome:
    """The scan, recorded as a duplicate by the first statement, admits after all."""
    queries.run(queries.set_accepted(), scan_id=scan_id)
    return Outcome("accepted", scan_id, guest, reentry=reentry)


def _fill_first(outcome: Outcome, guest_id: int, gate: GateRef) -> Any:
    admission = queries.run(queries.admission_at_gate(), the_guest=guest_id, the_gate=gate.id).first()
    if admission is not None:
        outcome.first_at = admission.admitted_at
        outcome.first_gate, outcome.first_gate_en = gate.name, gate.name_en
    return admission


def _insert_admission(dialect: str, event: EventRef, guest: GuestInfo, gate: GateRef, scan_id: int,
                      scanned_at: datetime, now: datetime) -> int | None:
    """The admission's id, or None when the guest was already admitted at this gate."""
    return queries.run(queries.insert_admission(dialect), event_id=event.id, guest_id=guest.id, gate_id=gate.id,
                       scan_id=scan_id, admitted_at=scanned_at, inside=True, entries=1, changed_at=now).scalar()


def _insert_scan(values: dict[str, Any], result: str) -> int:
    return queries.run(queries.insert_scan(), result=result, **values).scalar_one()


def replay(event: EventRef, client_id: str) -> Outcome | None:
    """The outcome already recorded for this client_id, or None."""
    row = queries.run(queries.scan_by_client_id(), event_id=event.id, client_id=client_id).first()
    if row is None:
        return None
    outcome = Outcome(row.result, scan_id=row.id, replayed=True, client_id=client_id)
    # The scan's gate and guest, through the scan's own read.
    recorded = ScanRead.from_row(queries.run(queries.scan_context_by_gate_id(), slug=event.slug, gate_id=row.gate_id,
                                             token=None, guest_id=row.guest_id).one())
    if recorded.guest is not None:
        outcome.guest = guest_info(recorded.guest)
    if row.result == "already_checked_in":
        assert recorded.gate is not None  # the scan's own gate
        _fill_first(outcome, row.guest_id, recorded.gate)
    return outcome


# ----- the transactions of a scan (see the module's docstring) ---------------------------------

_AUTOCOMMIT = "AUTOCOMMIT"

# Scans take turns for SQLite's write lock here, not in SQLite's busy handler: a waiter on these
# locks wakes the moment the holder lets go, whereas the busy handler sleeps 1, 2, 5, 10 ... up to
# 100 ms between tries, and a writer of another server process that keeps losing the race waits
# hundreds of ms (the p99 of a door rescanning the same badges, with two workers, was 0.7 s).
# Threads of one process queue on a threading lock; processes on an flock() of a file beside the
# database (opened in each process: a descriptor inherited across fork() would share the lock).
# The database, not these locks, keeps the invariants; they only order the writers.
_SQLITE_WRITER = threading.Lock()
_lock_files: dict[tuple[int, str], int] = {}


def _sqlite() -> bool:
    return db.session.get_bind().dialect.name == "sqlite"


def _begin_reads() -> None:
    """Step 1's transaction: a read snapshot on SQLite, autocommit on PostgreSQL when the request
    has nothing in progress; otherwise the caller's transaction goes on."""
    session = db.session()
    if _sqlite():
        session.commit()  # what came before may hold the write lock
        with read_snapshot():
            session.connection()  # BEGIN (deferred) now
    elif not session.in_transaction() and not (session.new or session.dirty or session.deleted):
        session.connection(execution_options={"isolation_level": _AUTOCOMMIT})


@contextmanager
def _writer() -> Iterator[None]:
    if not _sqlite():
        yield
        return
    with _SQLITE_WRITER:
        descriptor = _lock_file(cast("Engine", db.session.get_bind()).url.database)
        if descriptor is None:
            yield
            return
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)


def _lock_file(database: str | None) -> int | None:
    """This process's descriptor of the scans' lock file of a SQLite database file; None for a
    database in memory (one process only)."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    key = (os.getpid(), database)
    if key not in _lock_files:
        _lock_files[key] = os.open(f"{database}-scans.lock", os.O_RDWR | os.O_CREAT, 0o600)
    return _lock_files[key]


def _begin_write() -> None:
    """Step 2's transaction on SQLite: the read snapshot becomes BEGIN IMMEDIATE on the same
    connection, cheaper than ending the transaction and starting another. Nothing read in the
    snapshot is written back: the write is plain INSERTs and conditional UPDATEs."""
    session = db.session()
    if not in_read_snapshot(session):
        return
    if session.new or session.dirty or session.deleted:
        session.rollback()  # not expected: never carry changes made under a snapshot
        return
    connection = session.connection()
    connection.exec_driver_sql("ROLLBACK")
    connection.info["read_snapshot"] = False
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def _several_statements() -> None:
    """A write of more than one statement needs a transaction. In autocommit (PostgreSQL, step 1)
    committing ends it, and the next statement begins a transaction of its own."""
    session = db.session()
    options = session.connection().get_execution_options() if session.in_transaction() else {}
    if options.get("isolation_level") == _AUTOCOMMIT:
        session.commit()


# ----- lookups for the API and other features -------------------------------------------------

def event_ref(slug: str) -> EventRef:
    if not usable(slug):
        raise NotFound(_("Không có sự kiện này."))
    row = queries.run(queries.event_by_slug(), slug=slug).first()
    if row is None:
        raise NotFound(_("Không có sự kiện này."))
    return EventRef(*row)


def gate_ref(event: EventRef, code: str) -> GateRef:
    if not usable(code):
        raise NotFound(_("Sự kiện không có cổng “%(code)s”.", code=""))
    row = queries.run(queries.gate_by_code(), event_id=event.id, code=code).first()
    if row is None:
        raise NotFound(_("Sự kiện không có cổng “%(code)s”.", code=code))
    return GateRef(*row)


def gate_ref_by_id(gate_id: int) -> GateRef:
    row = queries.run(queries.gate_by_id(), gate_id=gate_id).first()
    if row is None:
        raise NotFound(_("Không có cổng này."))
    return GateRef(*row)


def checked_in_guest_ids(event: "Event") -> set[int]:
    """Ids of the guests admitted at one gate of the event at least (undone admissions excluded)."""
    return set(db.session.execute(
        select(Admission.guest_id).where(Admission.event_id == event.id).distinct()
    ).scalars())
