"""What a scan is, read from the database: the event, the gate, the badge's guest.

Reads only. On SQLite they run in one read snapshot (start_reads/end_reads), because every other
SQLite transaction takes the database's write lock; the write transaction (services.check_in)
then stays two INSERTs long. On PostgreSQL the scanning API reads in autocommit (start_reads).
Services take "refs": anything with the attributes of EventRef and GateRef, so the ORM's Event and
Gate do as well.
"""
from dataclasses import dataclass
from types import SimpleNamespace

from flask_babel import gettext as _

from ..db import end_read_snapshot, in_read_snapshot, read_snapshot, write_after_read_snapshot
from ..errors import DomainError, NotFound
from ..extensions import db
from ..tokens import parse_code
from . import queries


class NotYours(DomainError):
    """Door staff may undo only their own last check-in."""


@dataclass(frozen=True)
class EventRef:
    id: int
    slug: str
    name: str
    timezone: str
    organiser_id: int  # whose event it is: access.Principal.may_see_event reads it


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


# ----- lookups -------------------------------------------------------------------------------

def _usable(text):
    """Text that can reach the database as a key (PostgreSQL refuses NUL characters)."""
    return isinstance(text, str) and "\x00" not in text and len(text) <= 200


def _sqlite():
    return db.session.get_bind().dialect.name == "sqlite"


_AUTOCOMMIT = {"isolation_level": "AUTOCOMMIT"}


def in_autocommit():
    """True when the scan's statements run in autocommit (start_reads on PostgreSQL)."""
    session = db.session()
    options = session.connection().get_execution_options() if session.in_transaction() else {}
    return options.get("isolation_level") == _AUTOCOMMIT["isolation_level"]


def start_reads():
    """The reads of a scan. On SQLite every transaction otherwise holds the database's write lock
    (BEGIN IMMEDIATE), so the reads share one snapshot, ended by end_reads() before the write
    transaction, which stays two INSERTs long.

    On PostgreSQL, when the request has not used the database yet (the scanning API), the scan runs
    in autocommit: each statement is its own transaction, as it would be under READ COMMITTED anyway
    for reads, and an ordinary scan is recorded by one atomic statement: two statements a scan, no
    BEGIN and COMMIT round trips. A write of several statements opens a transaction first
    (services._transaction). Otherwise everything stays in the caller's transaction.
    """
    if not _sqlite():
        session = db.session()
        if not session.in_transaction() and not (session.new or session.dirty or session.deleted):
            session.connection(execution_options=_AUTOCOMMIT)
        return
    if in_read_snapshot(db.session):
        return
    db.session.commit()  # the transaction so far may hold the lock
    with read_snapshot():
        db.session.connection()  # BEGIN (deferred) now


def end_reads():
    end_read_snapshot(db.session)


def begin_write():
    """Before the write transaction: on SQLite the read snapshot becomes BEGIN IMMEDIATE in place."""
    write_after_read_snapshot(db.session)


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
    event = EventRef(*row[:5])
    gate = GateRef(*row[5:12]) if row[5] is not None else None
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
