"""The statements of the check-in hot path, built once and run on the session's connection.

A scan is a handful of small statements; building each with the ORM on every request costs more
than running it. Here each is built once (with bind parameters) and executed at the Core level in
the session's transaction, so the unit of work stays one transaction with the ORM.
"""
from functools import cache

from sqlalchemy import and_, bindparam, case, exists, func, insert, literal, select, update

from ..db import UTCDateTime

from ..events.models import Event, GuestCategory
from ..extensions import db
from ..programme.models import AwardRecipient
from ..registration.models import Guest, RevokedBadge
from .models import Admission, Gate, Scan, gate_category

GATE_COLUMNS = (Gate.id, Gate.event_id, Gate.code, Gate.name, Gate.name_en, Gate.allow_reentry, Gate.active)


def run(statement, **params):
    return db.session.connection().execute(statement, params)


@cache
def event_by_slug():
    return select(Event.id, Event.slug, Event.name, Event.timezone, Event.organiser_id).where(Event.slug == bindparam("slug"))


@cache
def event_name():
    return select(Event.name).where(Event.id == bindparam("event_id"))


def _event_with_gate(gate_condition):
    return (select(Event.id, Event.slug, Event.name, Event.timezone, Event.organiser_id, *GATE_COLUMNS)
            .outerjoin(Gate, and_(Gate.event_id == Event.id, gate_condition))
            .where(Event.slug == bindparam("slug")))


@cache
def event_with_gate_code():
    """The event and its gate in one statement (the gate's columns are NULL when it has none such)."""
    return _event_with_gate(Gate.code == bindparam("code"))


@cache
def event_with_gate_id():
    return _event_with_gate(Gate.id == bindparam("gate_id"))


def _scan_context(gate_condition):
    """Event, gate and the badge's guest (of any event) in one statement: the device's hot path."""
    gate_lists_categories = exists().where(gate_category.c.gate_id == Gate.id)
    category_admitted = exists().where(gate_category.c.gate_id == Gate.id,
                                       gate_category.c.category_id == Guest.category_id)
    return (
        select(Event.id, Event.slug, Event.name, Event.timezone, Event.organiser_id, *GATE_COLUMNS,
               Guest.id.label("guest_id"), Guest.event_id.label("guest_event_id"), Guest.status,
               Guest.full_name, Guest.organization, Guest.needs_attention,
               GuestCategory.name.label("category"), GuestCategory.name_en.label("category_en"),
               GuestCategory.needs_attention.label("category_attention"),
               exists().where(AwardRecipient.guest_id == Guest.id).label("award_recipient"),
               (~gate_lists_categories | category_admitted).label("admitted_here"))
        .select_from(Event)
        .outerjoin(Gate, and_(Gate.event_id == Event.id, gate_condition))
        .outerjoin(Guest, Guest.badge_token == bindparam("token"))
        .outerjoin(GuestCategory, GuestCategory.id == Guest.category_id)
        .where(Event.slug == bindparam("slug"))
    )


@cache
def scan_context_by_gate_code():
    return _scan_context(Gate.code == bindparam("code"))


@cache
def scan_context_by_gate_id():
    return _scan_context(Gate.id == bindparam("gate_id"))


@cache
def gate_by_code():
    return select(*GATE_COLUMNS).where(Gate.event_id == bindparam("event_id"), Gate.code == bindparam("code"))


@cache
def gate_by_id():
    return select(*GATE_COLUMNS).where(Gate.id == bindparam("gate_id"))


def _guest_facts():
    """The guest's door facts, and whether the gate admits the guest's category, in one statement."""
    gate_lists_categories = exists().where(gate_category.c.gate_id == bindparam("gate_id"))
    category_admitted = exists().where(gate_category.c.gate_id == bindparam("gate_id"),
                                       gate_category.c.category_id == Guest.category_id)
    return (
        select(Guest.id, Guest.event_id, Guest.status, Guest.full_name, Guest.organization,
               Guest.needs_attention, GuestCategory.name, GuestCategory.name_en,
               GuestCategory.needs_attention.label("category_attention"),
               exists().where(AwardRecipient.guest_id == Guest.id).label("award_recipient"),
               (~gate_lists_categories | category_admitted).label("admitted_here"))
        .join(GuestCategory, GuestCategory.id == Guest.category_id)
    )


@cache
def guest_by_token():
    return _guest_facts().where(Guest.badge_token == bindparam("token"))


@cache
def guest_by_revoked_token():
    return (_guest_facts().join(RevokedBadge, RevokedBadge.guest_id == Guest.id)
            .where(RevokedBadge.token == bindparam("token")))


@cache
def guest_by_id():
    return _guest_facts().where(Guest.id == bindparam("guest_id"))


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
    (the scanning API runs it in autocommit). Returns (scan id, admission id or NULL when the guest
    was already admitted at this gate).

    The scan's id is drawn from its sequence first, so that the admission can name it and the scan's
    result can follow from the admission's insert within the statement: `accepted` when the unique
    (guest_id, gate_id) let the admission in, `already_checked_in` otherwise. Foreign keys are
    checked at the end of the statement, when both rows exist.
    """
    from sqlalchemy.dialects.postgresql import insert as pg_insert

    scan, admission = Scan.__table__, Admission.__table__
    params = {c.name: bindparam(f"s_{c.name}", type_=c.type) for c in scan.columns if c.name not in ("id", "result")}
    scan_id = select(func.nextval(func.pg_get_serial_sequence("scan", "id")).label("id")).cte("scan_id")
    new_admission = (
        pg_insert(admission)
        .values(event_id=params["event_id"], guest_id=params["guest_id"], gate_id=params["gate_id"],
                scan_id=select(scan_id.c.id).scalar_subquery(), admitted_at=params["scanned_at"], inside=True,
                entries=1, changed_at=params["received_at"])
        .on_conflict_do_nothing(index_elements=["guest_id", "gate_id"])
        .returning(admission.c.id)
        .cte("new_admission")
    )
    result = case((exists(select(new_admission.c.id)), literal("accepted")), else_=literal("already_checked_in"))
    new_scan = (insert(scan).values(id=select(scan_id.c.id).scalar_subquery(), result=result, **params)
                .returning(scan.c.id).cte("new_scan"))
    return select(select(new_scan.c.id).scalar_subquery(), select(new_admission.c.id).scalar_subquery())


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
            .values(scan_id=bindparam("new_scan"), admitted_at=bindparam("earliest", type_=UTCDateTime()), changed_at=bindparam("now", type_=UTCDateTime())))


@cache
def mark_duplicate():
    return (update(Scan).where(Scan.id == bindparam("target_id"))
            .values(result="already_checked_in", duplicate_of_id=bindparam("first_id")))
