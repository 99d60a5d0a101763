"""Delivering one queued message: claim, send, record. Run by the task queue's workers.

The transaction strategy, once:
1. claim: one conditional UPDATE (queued → sending, only if still queued and due), committed at
   once. Two workers given the same id (a periodic re-enqueue beside the commit's own, two worker
   processes) race on that UPDATE and exactly one changes the row: the other sends nothing.
2. send, outside any transaction (an SMTP server may take seconds).
3. record the outcome: sent; or back to queued with a backoff, failed after MAX_ATTEMPTS.

A worker killed between 1 and 3 leaves the row in "sending"; the periodic task puts it back in
the queue after STUCK_AFTER (it may then go twice: a mail server that accepted the message before
the worker died cannot be asked).

Each task runs in an app context of its own (queue.py), so db.session here is the task's own,
never a request's (in tests delivery runs inside the caller's after_commit hook, where the
caller's session cannot be used).
"""
import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import update

from .. import mail
from ..db import utcnow
from ..extensions import db
from .models import Message

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
BACKOFF_SECONDS = 30
BACKOFF_CAP_SECONDS = 3600
STUCK_AFTER = timedelta(minutes=10)
REQUEUE_BATCH = 500

_DEFAULT = object()


def backoff(failures: int) -> timedelta:
    """The wait after the failures-th failed attempt: 30 s, 1 min, 2 min... at most 1 h."""
    return timedelta(seconds=min(BACKOFF_SECONDS * 2 ** max(failures - 1, 0), BACKOFF_CAP_SECONDS))


def claim(message_id: int, now: datetime | None = None) -> bool:
    """queued → sending if the message is queued and due; True for the one caller that changed it."""
    now = now or utcnow()
    result = db.session.execute(
        update(Message)
        .where(Message.id == message_id, Message.status == "queued", Message.next_attempt_at <= now)
        .values(status="sending", claimed_at=now)
        .execution_options(synchronize_session=False))
    db.session.commit()
    return result.rowcount == 1


def deliver(message_id: int, transport: Callable | None | object = _DEFAULT, now: datetime | None = None) -> str | None:
    """Delivers one message if this call claims it; returns its new status (None: not claimed).

    transport: a callable taking an email.message.EmailMessage; the default is the configured one
    (SMTP, or None without MAIL_SERVER: nothing leaves the machine and the row is simply sent).
    """
    if not claim(message_id, now):
        return None
    if transport is _DEFAULT:
        transport = mail.configured_transport()
    message = db.session.get(Message, message_id, populate_existing=True)
    html, images = mail.inline_badge_qr(message.body_html, _badge_token(message))
    email = mail.build_message(message.to_address, message.subject, message.body_text, html,
                               message_id=f"message-{message.id}", images=images)
    db.session.commit()  # no transaction (no SQLite write lock) held while the mail server answers
    error = ""
    try:
        if transport is not None:
            transport(email)
    except Exception as exc:  # SMTP and network errors take many shapes; each is one failed attempt
        error = f"{type(exc).__name__}: {exc}"[:1000]
        log.warning("message %s not sent (attempt %s): %s", message_id, message.attempts + 1, error)
    _record_outcome(message, error, now or utcnow())
    status = message.status
    db.session.commit()  # read before: reading after the commit would begin (and hold) a transaction
    return status


def _badge_token(message: Message) -> str | None:
    """The guest's current badge code when the guest holds a badge now; the QR image is made from
    it at delivery rather than stored in the row."""
    guest = message.guest if message.guest_id else None
    if guest is None or guest.status != "registered" or guest.anonymised_at is not None:
        return None
    return guest.badge_token


def _record_outcome(message: Message, error: str, now: datetime) -> None:
    message.attempts += 1
    message.claimed_at = None
    if not error:
        message.status, message.sent_at, message.last_error = "sent", utcnow(), ""
        return
    message.last_error = error
    if message.attempts >= MAX_ATTEMPTS:
        message.status = "failed"
    else:
        message.status = "queued"
        message.next_attempt_at = now + backoff(message.attempts)


def recover_stuck(now: datetime | None = None) -> int:
    """Puts back in the queue the messages left in "sending" longer than STUCK_AFTER (a worker
    killed mid-send); returns how many."""
    now = now or utcnow()
    result = db.session.execute(
        update(Message)
        .where(Message.status == "sending", Message.claimed_at < now - STUCK_AFTER)
        .values(status="queued", claimed_at=None, next_attempt_at=now)
        .execution_options(synchronize_session=False))
    db.session.commit()
    return result.rowcount or 0


def due_message_ids(now: datetime | None = None) -> list[int]:
    """What the periodic task re-enqueues: stuck messages recovered, then every queued message due
    (retries after their backoff, and those whose enqueue was lost), oldest first."""
    now = now or utcnow()
    recovered = recover_stuck(now)
    if recovered:
        log.warning("%s messages were stuck in sending; queued again", recovered)
    ids = list(db.session.execute(
        db.select(Message.id).where(Message.status == "queued", Message.next_attempt_at <= now)
        .order_by(Message.next_attempt_at, Message.id).limit(REQUEUE_BATCH)).scalars())
    db.session.commit()
    return ids
