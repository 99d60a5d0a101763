"""Delivering one queued message: claim, send, record. Run by the task queue's workers.

The transaction strategy, once:
1. claim: one conditional UPDATE (queued → sending, only if still queued and due), committed at
   once. Two workers given the same id (a periodic re-enqueue beside the commit's own, two worker
   processes) race on that UPDATE and exactly one changes the row: the other sends nothing. The
   claim's moment (claimed_at) is the attempt's token: the later writes of the attempt change
   the row only while it still carries that token.
2. send, outside any transaction (an SMTP server may take seconds). Over SMTP in two steps: the
   envelope and the whole message but its final "<CRLF>.<CRLF>"; then handed_at is committed (on
   condition of the token); then the terminator, and the server's answer. A server drops a
   message whose connection closes before the terminator, so handed_at tells a recovery which
   side of that line a killed worker stopped on.
3. record the outcome (on condition of the token): sent; or back to queued with a backoff and
   handed_at cleared, failed after MAX_ATTEMPTS.

Recovery of a row left in "sending" (its worker was killed between 1 and 3):
- handed_at NULL: the server has nothing: queued again;
- handed_at set: the server had all of the message, the terminator following at once: recorded
  sent (last_error says the worker stopped after the hand-over), never sent again. One gap
  remains, and it errs towards losing: a worker killed between that commit's answer and writing
  the terminator (about 0.1 ms on an idle machine, a thread's wait for a core under load; no
  order of two writes to two servers closes it).
When:
- the periodic task (every minute): rows claimed more than STUCK_AFTER ago, whatever the channel;
- a worker starting (recover_at_start): every e-mail row in "sending", at once. That is safe even
  while another worker is alive and sending one of them: its hand-over needs its token, so it
  finds the row taken back, closes the connection without the terminator (the server drops its
  copy) and records nothing; and a row it had already handed over keeps its token, so its real
  outcome replaces the "sent" of the recovery. A channel without a hand-over step waits for
  STUCK_AFTER, the longest an attempt can take.

Each task runs in an app context of its own (queue.py), so db.session here is the task's own,
never a request's (in tests delivery runs inside the caller's after_commit hook, where the
caller's session cannot be used).
"""
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, cast

from flask_babel import gettext as _
from sqlalchemy import CursorResult, Update, and_, text, update

from .. import mail
from ..db import utcnow
from ..extensions import db
from . import sms
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


class ClaimLost(Exception):
    """The row was taken back (a worker starting recovered it) while this attempt was sending it."""


def claim(message_id: int, now: datetime | None = None) -> datetime | None:
    """queued → sending if the message is queued and due; the claim's token (its moment) for the
    one caller that changed it, None for the others."""
    now = now or utcnow()
    result = _update(
        update(Message)
        .where(Message.id == message_id, Message.status == "queued", Message.next_attempt_at <= now)
        .values(status="sending", claimed_at=now)
        .execution_options(synchronize_session=False))
    db.session.commit()
    return now if result.rowcount == 1 else None


def deliver(message_id: int, transport: Callable | None | object = _DEFAULT, now: datetime | None = None) -> str | None:
    """Delivers one message if this call claims it; returns its new status (None: not claimed, or
    taken back by a starting worker while this call was sending it).

    transport: a callable taking an email.message.EmailMessage (an sms.TextMessage for a message
    of channel "sms"); the default is the channel's configured one (SMTP, or None without
    MAIL_SERVER: nothing leaves the machine and the row is simply sent; the SMS gateway).
    """
    claimed = claim(message_id, now)
    if claimed is None:
        return None
    message = db.session.get(Message, message_id, populate_existing=True)
    assert message is not None  # claimed above
    attempt = message.attempts + 1
    if transport is _DEFAULT:
        transport = sms.configured_transport() if message.channel == "sms" else mail.configured_transport()
    outgoing = _outgoing(message)
    db.session.commit()  # no transaction (no SQLite write lock) held while the mail server answers
    error = ""
    try:
        _send(transport, outgoing, message_id, claimed)
    except ClaimLost:
        log.warning("message %s was taken back by a starting worker before its hand-over; not sent by this "
                    "attempt", message_id)
        return None
    except Exception as exc:  # SMTP and network errors take many shapes; each is one failed attempt
        error = f"{type(exc).__name__}: {exc}"[:1000]
        log.warning("message %s not sent (attempt %s): %s", message_id, attempt, error)
    return _record_outcome(message_id, claimed, attempt, error, now or utcnow())


def _send(transport: Any, email: Any, message_id: int, claimed: datetime) -> None:
    if transport is None:
        return
    if transport is mail.smtp_send:  # the transport with a hand-over step (see the module's docstring)
        transport(email, handed_over=lambda: _hand_over(message_id, claimed))
    else:
        transport(email)


def _hand_over(message_id: int, claimed: datetime) -> None:
    """Commits handed_at if the row still carries this attempt's claim; raises ClaimLost if not
    (then the terminator is never sent).

    Between this commit and the terminator a killed worker loses the message, so the commit is
    made short: PostgreSQL answers it without waiting for its disk (a database crash that loses
    it makes the message go twice, never lost). 0.2 ms, against 2 ms with the disk."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SET LOCAL synchronous_commit TO OFF"))
    result = _update(
        update(Message).where(Message.id == message_id, Message.status == "sending", Message.claimed_at == claimed)
        .values(handed_at=utcnow()).execution_options(synchronize_session=False))
    db.session.commit()
    if result.rowcount != 1:
        raise ClaimLost(message_id)


def _outgoing(message: Message) -> Any:
    """What the channel's transport is given: the text of an SMS, or the e-mail as it goes on the wire."""
    if message.channel == "sms":
        return sms.TextMessage(message.to_address, message.body_text)
    html, images = mail.inline_badge_qr(message.body_html, _badge_token(message))
    return mail.build_message(message.to_address, message.subject, message.body_text, html,
                              message_id=f"message-{message.id}", images=images,
                              headers=_list_unsubscribe(message))


# The organisers' mailings to a list of guests, which a guest may stop (RFC 8058 one-click
# List-Unsubscribe). The guest's own mail (confirmation, their link, a decision about them) may not be.
UNSUBSCRIBABLE_KINDS = frozenset({"guest.invited", "guest.reminder"})


def _list_unsubscribe(message: Message) -> dict[str, str]:
    """The List-Unsubscribe headers when the message's kind carries them. Left out when the site's
    public address is unknown here (a worker without PUBLIC_BASE_URL): the letter's own footer
    link, written when the letter was queued, still leads to the page."""
    if message.kind not in UNSUBSCRIBABLE_KINDS or message.guest is None:
        return {}
    from ..registration.unsubscribe import unsubscribe_url

    url = unsubscribe_url(message.guest)
    if url is None:
        return {}
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def _badge_token(message: Message) -> str | None:
    """The guest's current badge code when the guest holds a badge now; the QR image is made from
    it at delivery rather than stored in the row."""
    guest = message.guest if message.guest_id else None
    if guest is None or guest.status != "registered" or guest.anonymised_at is not None:
        return None
    return guest.badge_token


def _record_outcome(message_id: int, claimed: datetime, attempt: int, error: str, now: datetime) -> str | None:
    """Writes the attempt's outcome if the row still carries its claim; returns the new status
    (None: the row was taken back meanwhile, and its new owner records it)."""
    if not error:
        values = {"status": "sent", "sent_at": utcnow(), "last_error": ""}
    elif attempt >= MAX_ATTEMPTS:
        values = {"status": "failed", "last_error": error, "handed_at": None}
    else:
        values = {"status": "queued", "last_error": error, "handed_at": None,
                  "next_attempt_at": now + backoff(attempt)}
    result = _update(
        update(Message).where(Message.id == message_id, Message.claimed_at == claimed)
        .values(attempts=attempt, claimed_at=None, **values).execution_options(synchronize_session=False))
    db.session.commit()
    return values["status"] if result.rowcount == 1 else None


def recover_stuck(now: datetime | None = None) -> int:
    """Recovers the messages left in "sending" longer than STUCK_AFTER (a worker killed
    mid-send); returns how many."""
    now = now or utcnow()
    return _recover(Message.claimed_at < now - STUCK_AFTER, now)


def recover_at_start(now: datetime | None = None) -> int:
    """Run by a worker as it starts: recovers every e-mail message in "sending" at once, without
    waiting for STUCK_AFTER (safe, see the module's docstring); returns how many."""
    now = now or utcnow()
    return _recover(and_(Message.channel == "email", Message.claimed_at <= now), now)


def _recover(stuck: Any, now: datetime) -> int:
    """Messages in "sending" that match `stuck`: handed over → sent (keeping the claim, so that a
    worker still alive records the server's real answer over it); the others → queued."""
    sending = (Message.status == "sending", stuck)
    handed = _update(
        update(Message).where(*sending, Message.handed_at.is_not(None))
        .values(status="sent", sent_at=Message.handed_at, attempts=Message.attempts + 1,
                last_error=_("Máy chủ thư đã nhận đủ thư; tiến trình gửi dừng trước khi ghi kết quả. "
                             "Thư không được gửi lại."))
        .execution_options(synchronize_session=False))
    queued = _update(
        update(Message).where(*sending, Message.handed_at.is_(None))
        .values(status="queued", claimed_at=None, next_attempt_at=now)
        .execution_options(synchronize_session=False))
    db.session.commit()
    if handed.rowcount:
        log.warning("%s messages were handed to the mail server by a worker that stopped; recorded sent",
                    handed.rowcount)
    return (handed.rowcount or 0) + (queued.rowcount or 0)


def due_message_ids(now: datetime | None = None) -> list[int]:
    """What the periodic task re-enqueues: stuck messages recovered, then every queued message due
    (retries after their backoff, and those whose enqueue was lost), oldest first."""
    now = now or utcnow()
    recovered = recover_stuck(now)
    if recovered:
        log.warning("%s messages were stuck in sending; recovered", recovered)
    ids = list(db.session.execute(
        db.select(Message.id).where(Message.status == "queued", Message.next_attempt_at <= now)
        .order_by(Message.next_attempt_at, Message.id).limit(REQUEUE_BATCH)).scalars())
    db.session.commit()
    return ids


def _update(statement: Update) -> CursorResult[Any]:
    """Runs an UPDATE; its result tells how many rows it changed (rowcount)."""
    return cast(CursorResult[Any], db.session.execute(statement))
