"""Queueing messages, resending them, forgetting them; what organisers may see of them.

A message is a row written in the same transaction as the change it announces: a rolled-back
registration sends nothing, and a committed one cannot lose its e-mail to a mail server that is
down. Once the transaction commits, the new rows' ids go to the task queue (a session listener
below); the queue's workers deliver them (delivery.py).
"""
import logging
import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from flask import current_app, has_app_context
from flask_babel import gettext as _
from sqlalchemy import ColumnElement, CursorResult, Delete, and_, event, func, or_, true
from sqlalchemy.orm import Session, UOWTransaction

from ..audit import record
from ..db import utcnow
from ..errors import DomainError, NotFound
from ..events.models import Event
from ..events.services import visible_to
from ..extensions import db
from ..text import clean
from .models import Message

if TYPE_CHECKING:
    from ..access import Principal
    from ..auth.models import User
    from ..events.models import Organiser
    from ..registration.models import Guest

log = logging.getLogger(__name__)

PAGE_SIZE = 100
_PENDING_KEY = "messages_to_enqueue"


def queue_message(to: str, subject: str, body_text: str, *, kind: str, event: Event | int | None = None,
                  organiser: "Organiser | int | None" = None, guest: "Guest | int | None" = None,
                  user: "User | int | None" = None, body_html: str | None = None, channel: str = "email") -> Message:
    """Adds a queued message to the session; the caller's commit writes it with its change, and
    then it is handed to the queue. The links (event, organiser, guest, user) say whose it is.
    channel: "email", or "sms" (to an E.164 number, no subject: eventapp.messages.sms)."""
    if event is None and guest is not None and not isinstance(guest, int):
        event = guest.event
    organiser_id = getattr(organiser, "id", organiser)
    if organiser_id is None and isinstance(event, Event):
        organiser_id = event.organiser_id
    if organiser_id is None and user is not None and not isinstance(user, int):
        organiser_id = user.organiser_id
    message = Message(
        to_address=clean(to), subject=clean(subject)[:500], body_text=_clean_lines(body_text),
        body_html=unicodedata.normalize("NFC", body_html) if body_html else None,
        kind=kind, channel=channel, status="queued",
        event_id=getattr(event, "id", event), organiser_id=organiser_id,
        guest_id=getattr(guest, "id", guest), user_id=getattr(user, "id", user),
        created_at=utcnow(), next_attempt_at=utcnow(),
    )
    db.session.add(message)
    return message


def _clean_lines(text: str) -> str:
    """clean() line by line: a letter keeps its paragraphs (clean alone joins every line into one)."""
    return "\n".join(clean(line) for line in str(text).strip().splitlines())


# ----- handing committed messages to the queue -----------------------------------------------------

@event.listens_for(Session, "after_flush")
def _collect_new_messages(session: Session, _flush_context: UOWTransaction) -> None:
    ids = [obj.id for obj in session.new if isinstance(obj, Message) and obj.status == "queued"]
    if ids:
        session.info.setdefault(_PENDING_KEY, []).extend(ids)


@event.listens_for(Session, "after_rollback")
def _drop_rolled_back(session: Session) -> None:
    session.info.pop(_PENDING_KEY, None)


@event.listens_for(Session, "after_commit")
def _enqueue_committed(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint: the rows are not visible to the workers before the real commit
    ids = session.info.pop(_PENDING_KEY, None)
    if not ids or not has_app_context():
        return  # outside the app (a script): the periodic task picks them up within a minute
    from .queue import enqueue_delivery

    enqueue_delivery(current_app._get_current_object(), ids)  # type: ignore[attr-defined]


# ----- what organisers see --------------------------------------------------------------------------

def _visible(principal: "Principal") -> ColumnElement[bool]:
    """The messages a person may see: those of the events they see, and the organiser-level ones of
    their organiser (not for an admin bound to one event); everything for the install's administrator."""
    if principal.whole_install:
        return true()
    condition = Message.event_id.in_(visible_to(db.select(Event.id), principal))
    if principal.event_id is None and principal.organiser_id is not None:
        condition = or_(condition, and_(Message.event_id.is_(None), Message.organiser_id == principal.organiser_id))
    return condition


def list_messages(principal: "Principal", *, status: str = "", kind: str = "", event_id: int | None = None,
                  page: int = 1) -> tuple[list[Message], int]:
    """One page of the messages the person may see, newest first, and how many match."""
    query = db.select(Message).where(_visible(principal))
    if status:
        query = query.where(Message.status == status)
    if kind:
        query = query.where(Message.kind == kind)
    if event_id:
        query = query.where(Message.event_id == event_id)
    total = db.session.execute(db.select(func.count()).select_from(query.subquery())).scalar_one()
    rows = db.session.execute(
        query.order_by(Message.created_at.desc(), Message.id.desc())
        .limit(PAGE_SIZE).offset((max(page, 1) - 1) * PAGE_SIZE)
    ).scalars()
    return list(rows), total


def kinds_seen(principal: "Principal") -> list[str]:
    """The kinds of message the person's list holds, for its filter."""
    return list(db.session.execute(
        db.select(Message.kind).where(_visible(principal)).distinct().order_by(Message.kind)).scalars())


def failed_counts(events: Iterable[Event]) -> dict[int, int]:
    """{event id: number of failed messages} for the events that have any."""
    ids = [e.id for e in events]
    if not ids:
        return {}
    rows = db.session.execute(
        db.select(Message.event_id, func.count()).where(Message.event_id.in_(ids), Message.status == "failed")
        .group_by(Message.event_id)).all()
    return dict(rows)


def guest_messages(guest: "Guest") -> list[Message]:
    return list(db.session.execute(
        db.select(Message).where(Message.guest_id == guest.id)
        .order_by(Message.created_at.desc(), Message.id.desc())).scalars())


def get_message(principal: "Principal", message_id: int) -> Message:
    """The message, if the person may see it; NotFound otherwise (another organiser's ids look unknown)."""
    message = db.session.execute(
        db.select(Message).where(Message.id == message_id, _visible(principal))).scalar_one_or_none()
    if message is None:
        raise NotFound(_("Không tìm thấy thư này."))
    return message


def resend(message: Message) -> Message:
    """A new queued copy of a sent or failed message (the original stays as it went). Commits."""
    if message.status not in ("sent", "failed"):
        raise DomainError(_("Thư này đang chờ gửi: chưa thể gửi lại."))
    copy = queue_message(message.to_address, message.subject, message.body_text, kind=message.kind,
                         event=message.event_id, organiser=message.organiser_id, guest=message.guest_id,
                         user=message.user_id, body_html=message.body_html, channel=message.channel)
    record("message.resend", f"message:{message.id}", event=message.event_id, organiser=message.organiser_id,
           kind=message.kind)
    db.session.commit()
    return copy


# ----- erasure ------------------------------------------------------------------------------------

def forget_guests(guests: "Iterable[Guest]", addresses: Iterable[str] = ()) -> int:
    """Deletes the messages of these guests, and those of their events sent to these addresses.
    Commits; returns how many rows went."""
    guests = list(guests)
    ids = [g.id for g in guests]
    event_ids = sorted({g.event_id for g in guests})
    wanted = sorted({a.strip().lower() for a in addresses if a})
    removed = 0
    for start in range(0, len(ids), 500):
        removed += _delete(db.delete(Message).where(Message.guest_id.in_(ids[start:start + 500])))
    for start in range(0, len(wanted), 500):
        removed += _delete(db.delete(Message).where(
            Message.event_id.in_(event_ids), func.lower(Message.to_address).in_(wanted[start:start + 500])))
    db.session.commit()
    return removed


def _delete(statement: Delete) -> int:
    """Runs a DELETE; the number of rows it removed."""
    result = cast(CursorResult[Any], db.session.execute(statement))
    return result.rowcount or 0
