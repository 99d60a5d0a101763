"""The statements of the check-in hot path, built once and run on the session's connection; and the
door's rules as SQL: who is admitted at a gate, who needs attention, what the door may know of a guest.

A scan is a handful of small statements; building each with the ORM on every request costs more
than running it. Here each is built once (with bind parameters) and executed at the Core level in
the session's transaction, so the unit of work stays one transaction with the ORM. How a scan uses
them, and in which transactions, is told once in services.py.
"""
from functools import cache

from sqlalchemy import Integer, String, and_, bindparam, case, exists, func, insert, literal, or_, select, update
from sqlalchemy.orm import aliased

from ..db import UTCDateTime
from ..events.models import Event, GuestCategory
from ..extensions import db
from ..programme.queries import is_award_recipient
from ..registration.models import Guest, RevokedBadge
from ..tokens import BADGE_TOKEN_LENGTH, SHORT_CODE_LENGTH
from .models import Admission, Gate, Scan, gate_category

EVENT_COLUMNS = (Event.id, Event.slug, Event.name, Event.timezone, Event.organiser_id)
GATE_COLUMNS = (Gate.id, Gate.event_id, Gate.code, Gate.name, Gate.name_en, Gate.allow_reentry, Gate.active)


def run(statement, **params):
    return db.session.connection().execute(statement, params)


def guest_admissions(guest_id):
    """The organiser's guest page: each gate the guest was admitted at, first admission first, with
    its times, entries and whether the guest is inside (ORM rows, off the hot path)."""
    return db.session.execute(
        select(Admission).where(Admission.guest_id == guest_id).order_by(Admission.admitted_at, Admission.id)
    ).scalars().all()


# ----- the door's rules -----------------------------------------------------------------------
# Each takes the Guest and GuestCategory of the statement it is used in.

def gate_admits(gate_id):
    """SQL: the gate (a column or an id) admits the guest's category. A gate that lists no
    category admits every one."""
    lists_categories = exists().where(gate_category.c.gate_id == gate_id)
    lists_this_one = exists().where(gate_category.c.gate_id == gate_id,
                                    gate_category.c.category_id == Guest.category_id)
    return ~lists_categories | lists_this_one


def needs_attention():
    """SQL: the door meets this guest and shows them to their seat: flagged by the organisers,
    of a flagged category, or receiving an award."""
    return or_(Guest.needs_attention, GuestCategory.needs_attention, is_award_recipient(Guest.id))


def door_facts(gate_id):
    """What the door may know of a guest at a gate, as columns: the same for a scan and for the
    offline list a device judges from (judging.verdict() turns status and admitted_here into the
    answer)."""
    return (Guest.status, Guest.full_name, Guest.organization,
            GuestCategory.name.label("category"), GuestCategory.name_en.label("category_en"),
            needs_attention().label("attention"), is_award_recipient(Guest.id).label("award_recipient"),
            Guest.badge_printed_at.is_not(None).label("badge_printed"),
            gate_admits(gate_id).label("admitted_here"))


# ----- reading a scan -------------------------------------------------------------------------

def _scan_context(gate_condition, by_short_code=False):
    """The one read of a scan: the event, its gate (NULLs when it has none such) and the guest
    (NULLs when none), in one statement.

    The guest is the one asked for by id (admitted from a search), else the one whose badge code
    this is, else the one whose revoked badge code it is; of any event (another event's badge is
    told apart, by its event's name only). current_badge is false for a revoked code.

    A short code typed from under the QR has a statement of its own (by_short_code, parameters
    `short` and `short_end` in place of `token`): with both lookups in one statement, PostgreSQL
    never found its generic plan cheap enough and planned the door's every scan again (0.3 ms of
    its CPU a scan, 40% of what a scan cost it).
    """
    if by_short_code:
        short = bindparam("short", type_=String)
        guest_asked = func.coalesce(bindparam("guest_id", type_=Integer), _by_short_code(Guest.id, Guest.badge_token),
                                    _by_short_code(RevokedBadge.guest_id, RevokedBadge.token))
        current_badge = func.substr(Guest.badge_token, 1, SHORT_CODE_LENGTH) == short
    else:
        token = bindparam("token", type_=String)
        guest_asked = func.coalesce(
            bindparam("guest_id", type_=Integer),
            select(Guest.id).where(Guest.badge_token == token).scalar_subquery(),
            select(RevokedBadge.guest_id).where(RevokedBadge.token == token).scalar_subquery(),
        )
        current_badge = Guest.badge_token == token
    guests_event = aliased(Event)
    return (
        select(*EVENT_COLUMNS, *GATE_COLUMNS,
               Guest.id.label("guest_id"), Guest.event_id.label("guest_event_id"),
               guests_event.name.label("guest_event_name"), current_badge.label("current_badge"),
               *door_facts(Gate.id))
        .select_from(Event)
        .outerjoin(Gate, and_(Gate.event_id == Event.id, gate_condition))
        .outerjoin(Guest, Guest.id == guest_asked)
        .outerjoin(GuestCategory, GuestCategory.id == Guest.category_id)
        .outerjoin(guests_event, and_(guests_event.id == Guest.event_id, guests_event.id != Event.id))
        .where(Event.slug == bindparam("slug"))
    )


def short_code_range(prefix):
    """The bounds of the badge codes a short code (the prefix its letters stand for) covers, for
    the parameters `short` and `short_end` of the scan's read by short code."""
    return {"short": prefix, "short_end": prefix + "Z" * (BADGE_TOKEN_LENGTH - len(prefix))}


def _by_short_code(guest_id, token_column):
    """The guest whose badge code starts with the typed short code's prefix, through the code's
    unique index (a range, not LIKE, so that any collation uses the index); NULL when none, and
    when two codes share the prefix (50 bits: unheard of, but never the wrong guest)."""
    short = bindparam("short", type_=String)
    return (select(func.min(guest_id))
            .where(token_column >= short, token_column <= bindparam("short_end", type_=String),
                   func.substr(token_column, 1, SHORT_CODE_LENGTH) == short)
            .having(func.count() == 1)
            .scalar_subquery())


@cache
def scan_context_by_gate_code(by_short_code=False):
    return _scan_context(Gate.code == bindparam("code"), by_short_code)


@cache
def scan_context_by_gate_id(by_short_code=False):
    return _scan_context(Gate.id == bindparam("gate_id"), by_short_code)


@cache
def event_by_slug():
    return select(*EVENT_COLUMNS).where(Event.slug == bindparam("slug"))


@cache
def gate_by_code():
    return select(*GATE_COLUMNS).where(Gate.event_id == bindparam("event_id"), Gate.code == bindparam("code"))


@cache
def gate_by_id():
    return select(*GATE_COLUMNS).where(Gate.id == bindparam("gate_id"))


# ----- recording a scan -----------------------------------------------------------------------

@cache
def scan_by_client_id():
    return (select(Scan.id, Scan.result, Scan.guest_id, Scan.gate_id, Scan.duplicate_of_id)
            .where(Scan.event_id == bindparam("event_id"), Scan.client_id == bindparam("client_id")))


@cache
def insert_scan():
    return insert(Scan.__table__).returning(Scan.__table__.c.id)


@cache
def insert_admission(dialect):
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    table = Admission.__table__
    # A row back means inserted: the unique (guest_id, gate_id) decides, not a read in Python.
    return (dialect_insert(table).on_conflict_do_nothing(index_elements=["guest_id", "gate_id"])
            .returning(table.c.id))


@cache
def admit_in_one_statement():
    """PostgreSQL: the scan and the admission in one statement, one round trip, atomic on its own
    (the scanning API runs it in autocommit). Returns the scan's id, the new admission's id (NULL when
    the guest was already admitted at this gate) and, from the statement's snapshot, the admission
    found there: first_at, first_scan_id, inside (NULLs when the snapshot holds none).

    The scan's id is drawn from its sequence first, so that the admission can name it and the scan's
    result can follow from the admission's insert within the statement: `accepted` when the unique
    (guest_id, gate_id) let the admission in, `already_checked_in` otherwise, then already marked as
    the duplicate of the admission's first scan: an ordinary repeat needs no second statement.
    Foreign keys are checked at the end of the statement, when both rows exist.
    """
    from sqlalchemy.dialects.postgresql import insert as pg_insert

    scan, admission = Scan.__table__, Admission.__table__
    params = {c.name: bindparam(f"s_{c.name}", type_=c.type)
              for c in scan.columns if c.name not in ("id", "result", "duplicate_of_id")}
    scan_id = select(func.nextval(func.pg_get_serial_sequence("scan", "id")).label("id")).cte("scan_id")
    # What the statement's snapshot holds; an admission committed by another scan after the snapshot
    # was taken is not in it (ON CONFLICT below still sees it): then first_at is NULL.
    found = (select(admission.c.admitted_at, admission.c.scan_id, admission.c.inside)
             .where(admission.c.guest_id == params["guest_id"], admission.c.gate_id == params["gate_id"])
             .cte("found"))
    new_admission = (
        pg_insert(admission)
        .values(event_id=params["event_id"], guest_id=params["guest_id"], gate_id=params["gate_id"],
                scan_id=select(scan_id.c.id).scalar_subquery(), admitted_at=params["scanned_at"], inside=True,
                entries=1, changed_at=params["received_at"])
        .on_conflict_do_nothing(index_elements=["guest_id", "gate_id"])
        .returning(admission.c.id)
        .cte("new_admission")
    )
    admitted = exists(select(new_admission.c.id))
    result = case((admitted, literal("accepted")), else_=literal("already_checked_in"))
    duplicate_of = case((admitted, None), else_=select(found.c.scan_id).scalar_subquery())
    new_scan = (insert(scan).values(id=select(scan_id.c.id).scalar_subquery(), result=result,
                                    duplicate_of_id=duplicate_of, **params)
                .returning(scan.c.id).cte("new_scan"))
    return select(select(new_scan.c.id).scalar_subquery().label("scan_id"),
                  select(new_admission.c.id).scalar_subquery().label("admission_id"),
                  select(found.c.admitted_at).scalar_subquery().label("first_at"),
                  select(found.c.scan_id).scalar_subquery().label("first_scan_id"),
                  select(found.c.inside).scalar_subquery().label("inside"))


@cache
def set_accepted():
    """A scan first recorded as a duplicate turns out to admit (a re-entry, an earlier offline scan)."""
    return (update(Scan).where(Scan.id == bindparam("scan_id"))
            .values(result="accepted", duplicate_of_id=None))


def _at_gate():
    # Bind names differ from the column names: UPDATE reserves those for its SET clause.
    return and_(Admission.guest_id == bindparam("the_guest"), Admission.gate_id == bindparam("the_gate"))


@cache
def admission_at_gate():
    return select(Admission.admitted_at, Admission.scan_id).where(_at_gate())


@cache
def reenter():
    return (update(Admission).where(_at_gate(), Admission.inside.is_(False))
            .values(inside=True, entries=Admission.entries + 1, changed_at=bindparam("now", type_=UTCDateTime())))


@cache
def leave():
    return (update(Admission).where(_at_gate(), Admission.inside.is_(True))
            .values(inside=False, changed_at=bindparam("now", type_=UTCDateTime())))


@cache
def take_over():
    """An earlier offline scan becomes the admission's first scan."""
    return (update(Admission).where(_at_gate(), Admission.admitted_at > bindparam("earliest", type_=UTCDateTime()))
            .values(scan_id=bindparam("new_scan"), admitted_at=bindparam("earliest", type_=UTCDateTime()),
                    changed_at=bindparam("now", type_=UTCDateTime())))


@cache
def mark_duplicate():
    return (update(Scan).where(Scan.id == bindparam("target_id"))
            .values(result="already_checked_in", duplicate_of_id=bindparam("first_id")))
