"""Admitting guests at a gate: the rules in one place, exactly once by the database.

check_in() judges a scan and records it in one short transaction: INSERT the scan, then
INSERT the admission ... ON CONFLICT (guest_id, gate_id) DO NOTHING and read the row count. Two
devices, or two server processes, that admit the same badge at once get one `accepted` and one
`already_checked_in`, on SQLite and on PostgreSQL alike: the unique constraint decides, not a read
in Python. Re-entry after an exit is a conditional UPDATE ... WHERE inside = false, equally atomic.

The hot path uses plain SQL expressions and small value objects (no ORM loads), so that a scan
costs a handful of statements. Services take "refs": anything with the attributes of EventRef and
GateRef, so the ORM's Event and Gate do as well.
"""
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import SimpleNamespace
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import and_, delete, func, select, update
from sqlalchemy.exc import IntegrityError

from .. import audit
from ..db import end_read_snapshot, in_read_snapshot, read_snapshot, utcnow
from ..errors import Conflict, DomainError, NotFound
from ..extensions import db
from ..programme.models import AwardCategory, AwardRecipient
from ..tokens import parse_code
from . import queries
from .models import Admission, Scan

REFUSALS = ("invalid", "revoked", "cancelled", "not_approved", "wrong_event", "not_allowed_here")


class NotYours(DomainError):
    """Door staff may undo only their own last check-in."""


@dataclass(frozen=True)
class EventRef:
    id: int
    slug: str
    name: str
    timezone: str


@dataclass(frozen=True)
class GateRef:
    id: int
    event_id: int
    code: str
    name: str
    name_en: str
    allow_reentry: bool
    active: bool

    def label(self, locale="vi"):
        return self.name_en if locale == "en" and self.name_en else self.name


@dataclass(frozen=True)
class Scanner:
    """Who scans, as the log records it: a staff user, or a device with an API key."""

    label: str
    role: str
    user_id: int | None = None
    api_key_id: int | None = None

    @classmethod
    def from_principal(cls, principal):
        return cls(label=principal.label, role=principal.role,
                   user_id=getattr(principal.user, "id", None),
                   api_key_id=getattr(principal.api_key, "id", None))


@dataclass
class GuestInfo:
    """What the door may say about a genuine badge."""

    id: int
    name: str
    category: str
    category_en: str
    organization: str
    attention: bool
    award_recipient: bool
    status: str = "registered"

    def category_label(self, locale="vi"):
        return self.category_en if locale == "en" and self.category_en else self.category


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


# ----- lookups -------------------------------------------------------------------------------

def _usable(text):
    """Text that can reach the database as a key (PostgreSQL refuses NUL characters)."""
    return isinstance(text, str) and "\x00" not in text and len(text) <= 200


def _sqlite():
    return db.session.get_bind().dialect.name == "sqlite"


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


def start_reads():
    """The reads of a scan. On SQLite every transaction otherwise holds the database's write lock
    (BEGIN IMMEDIATE), so the reads share one snapshot, ended by end_reads() before the write
    transaction, which stays two INSERTs long. On PostgreSQL everything stays in one transaction.
    """
    if not _sqlite() or in_read_snapshot(db.session):
        return
    db.session.commit()  # the transaction so far may hold the lock
    with read_snapshot():
        db.session.connection()  # BEGIN (deferred) now


def end_reads():
    end_read_snapshot(db.session)


def resolve(slug, gate_code=None, gate_id=None, code=None):
    """(EventRef, GateRef or None, Judgement or None) in one statement: the event, its gate, and
    when `code` is given, what the badge is. NotFound when the event does not exist. The
    judgement is None when the badge needs more reads (unknown, revoked, another event's).
    """
    if not _usable(slug) or (gate_code is not None and not _usable(gate_code)):
        raise NotFound(_("Không có sự kiện này."))
    token = parse_code(code) if code is not None else None
    start_reads()
    if gate_id is not None:
        row = queries.run(queries.scan_context_by_gate_id(), slug=slug, gate_id=gate_id, token=token).first()
    else:
        row = queries.run(queries.scan_context_by_gate_code(), slug=slug, code=gate_code or "", token=token).first()
    if row is None:
        raise NotFound(_("Không có sự kiện này."))
    event = EventRef(*row[:4])
    gate = GateRef(*row[4:11]) if row[4] is not None else None
    judged = None
    if code is not None and gate is not None:
        if token is None:
            judged = Judgement("invalid", code_tail=_tail(code))
        elif row.guest_id is not None and row.guest_event_id == event.id:
            judged = _judge_row(event, _context_guest(row), token[-4:])
    return event, gate, judged


def _context_guest(row):
    return SimpleNamespace(id=row.guest_id, event_id=row.guest_event_id, status=row.status,
                           full_name=row.full_name, organization=row.organization,
                           needs_attention=row.needs_attention, name=row.category, name_en=row.category_en,
                           category_attention=row.category_attention, award_recipient=row.award_recipient,
                           admitted_here=row.admitted_here)


def event_ref(slug):
    if not _usable(slug):
        raise NotFound(_("Không có sự kiện này."))
    row = queries.run(queries.event_by_slug(), slug=slug).first()
    if row is None:
        raise NotFound(_("Không có sự kiện này."))
    return EventRef(*row)


def gate_ref(event, code):
    if not _usable(code):
        raise NotFound(_("Sự kiện không có cổng “%(code)s”.", code=""))
    row = queries.run(queries.gate_by_code(), event_id=event.id, code=code).first()
    if row is None:
        raise NotFound(_("Sự kiện không có cổng “%(code)s”.", code=code))
    return GateRef(*row)


def gate_ref_by_id(gate_id):
    row = queries.run(queries.gate_by_id(), gate_id=gate_id).first()
    if row is None:
        raise NotFound(_("Không có cổng này."))
    return GateRef(*row)


def _guest_info(row):
    return GuestInfo(id=row.id, name=row.full_name, category=row.name, category_en=row.name_en,
                     organization=row.organization, status=row.status,
                     attention=bool(row.needs_attention or row.category_attention or row.award_recipient),
                     award_recipient=bool(row.award_recipient))


@dataclass
class Judgement:
    result: str | None  # a refusal, or None: may be admitted
    guest: GuestInfo | None = None
    code_tail: str = ""
    other_event: str = ""


def judge(event, gate, code=None, guest_id=None):
    """Reads what the badge (or the guest chosen from a search) is; writes nothing."""
    if guest_id is not None:
        row = queries.run(queries.guest_by_id(), gate_id=gate.id, guest_id=guest_id).first()
        if row is None or row.event_id != event.id:
            raise NotFound(_("Không tìm thấy khách này."))
        return _judge_row(event, row, "")
    token = parse_code(code)
    if token is None:
        return Judgement("invalid", code_tail=_tail(code))
    tail = token[-4:]
    row = queries.run(queries.guest_by_token(), gate_id=gate.id, token=token).first()
    revoked = False
    if row is None:
        row = queries.run(queries.guest_by_revoked_token(), gate_id=gate.id, token=token).first()
        revoked = row is not None
    if row is None:
        return Judgement("invalid", code_tail=tail)
    if row.event_id != event.id:
        # Genuine, but the other event's guests are not this door's business: no name.
        other = queries.run(queries.event_name(), event_id=row.event_id).scalar_one()
        return Judgement("wrong_event", code_tail=tail, other_event=other)
    if revoked:
        return Judgement("revoked", _guest_info(row), tail)
    return _judge_row(event, row, tail)


def _judge_row(event, row, tail):
    info = _guest_info(row)
    if row.status == "cancelled":
        return Judgement("cancelled", info, tail)
    if row.status != "registered":
        return Judgement("not_approved", info, tail)
    if not row.admitted_here:
        return Judgement("not_allowed_here", info, tail)
    return Judgement(None, info, tail)


def _tail(text):
    text = "".join(ch for ch in str(text or "") if ch.isalnum())
    return text[-4:].upper()


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
        finally:
            end_reads()
    else:
        end_reads()
    try:
        with _writer():
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
        left = queries.run(queries.leave(), now=now, **at_gate).rowcount
        result = "exited" if left else "not_inside"
        return Outcome(result, _insert_scan(values, result), guest)

    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        scan_id, inserted = queries.run(queries.admit_in_one_statement(),
                                        **{f"s_{k}": v for k, v in values.items()}, s_result="accepted").one()
    else:
        scan_id = _insert_scan(values, "accepted")
        inserted = queries.run(queries.insert_admission(dialect), event_id=event.id, guest_id=guest.id,
                               gate_id=gate.id, scan_id=scan_id, admitted_at=scanned_at, inside=True, entries=1,
                               changed_at=now).scalar()
    if inserted is not None:
        return Outcome("accepted", scan_id, guest)

    if gate.allow_reentry and queries.run(queries.reenter(), now=now, **at_gate).rowcount:
        return Outcome("accepted", scan_id, guest, reentry=True)

    outcome = Outcome("already_checked_in", scan_id, guest)
    first = _fill_first(outcome, guest.id, gate)
    if offline and scanned_at < first.admitted_at:
        # A device that was offline admitted this badge before the admission we hold: the earliest
        # scan wins, and the other becomes the duplicate the organiser sees. Online scans never
        # take over: the server answered them, and only one of them heard "accepted".
        if queries.run(queries.take_over(), earliest=scanned_at, new_scan=scan_id, now=now, **at_gate).rowcount:
            if first.scan_id is not None:
                queries.run(queries.mark_duplicate(), target_id=first.scan_id, first_id=scan_id)
            return Outcome("accepted", scan_id, guest)
        first = _fill_first(outcome, guest.id, gate)
    queries.run(queries.mark_duplicate(), target_id=scan_id, first_id=first.scan_id)
    return outcome


def _insert_scan(values, result):
    return queries.run(queries.insert_scan(), result=result, **values).scalar_one()


# ----- undo -----------------------------------------------------------------------------------

def undo(event, scan_id, scanner, now=None):
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
        changed = db.session.execute(delete(Admission).where(at_gate, Admission.scan_id == scan.id)).rowcount
        if not changed:  # a re-entry: the guest is out again
            changed = db.session.execute(
                update(Admission).where(at_gate, Admission.inside.is_(True), Admission.entries > 1)
                .values(inside=False, entries=Admission.entries - 1, changed_at=now)
            ).rowcount
    else:
        changed = db.session.execute(
            update(Admission).where(at_gate, Admission.inside.is_(False)).values(inside=True, changed_at=now)
        ).rowcount
    marked = db.session.execute(
        update(Scan).where(Scan.id == scan.id, Scan.undone_at.is_(None)).values(undone_at=now, undone_by=scanner.label)
    ).rowcount
    if not marked or not changed:
        db.session.rollback()
        raise Conflict(_("Lượt quét này đã được huỷ hoặc đã thay đổi."))
    audit.record("checkin.undo", f"scan:{scan_id}", event=event.id, actor=scanner.label,
                 guest_id=scan.guest_id, gate_id=scan.gate_id, result=scan.result)
    db.session.commit()
    return scan_id


def _last_own_scan_id(event, scanner):
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


def scan_count(event):
    return db.session.execute(select(func.count()).select_from(Scan).where(Scan.event_id == event.id)).scalar_one()
