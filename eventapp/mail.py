"""E-mail as it goes on the wire, and the SMTP transport that sends it.

Messages are queued as rows (eventapp.messages) and handed to a transport by the workers. Without
MAIL_SERVER there is no transport: nothing leaves the machine, and the rows are the development
outbox (/admin/outbox). outbox_messages() and forget_messages() keep their names for the callers
that read or erase what was sent.
"""
import io
import smtplib
import ssl
from collections.abc import Callable, Iterable
from email.generator import BytesGenerator
from email.header import Header
from email.message import EmailMessage
from email.policy import EmailPolicy
from email.utils import make_msgid

from flask import current_app


class _WirePolicy(EmailPolicy):
    """email.policy.SMTP, except for a non-ASCII Subject.

    The standard library's folder drops the space between two words when a fold falls between
    encoded words ("Ngày hội Hợp tác xã" arrived as "Hợptác"); email.header.Header keeps every
    space inside the encoded words, so the subject survives folding.
    """

    def _folded_subject(self, name, value):
        text = str(value)
        if name.lower() != "subject" or text.isascii():
            return None
        encoded = Header(text, "utf-8", header_name=name, maxlinelen=self.max_line_length or 78)
        return f"{name}: {encoded.encode(linesep=self.linesep)}{self.linesep}"

    def fold(self, name, value):
        return self._folded_subject(name, value) or super().fold(name, value)

    def fold_binary(self, name, value):
        folded = self._folded_subject(name, value)
        return folded.encode("ascii") if folded else super().fold_binary(name, value)


POLICY = _WirePolicy(linesep="\r\n")

Transport = Callable[[EmailMessage], None]


def build_message(to: str, subject: str, body: str, html: str | None = None,
                  message_id: str | None = None) -> EmailMessage:
    message = EmailMessage(policy=POLICY)
    message["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(idstring=message_id, domain="eventapp.local")
    message.set_content(body)
    if html:
        message.add_alternative(html, subtype="html")
    return message


def wire_bytes(message: EmailMessage) -> bytes:
    """The bytes given to the SMTP server (what smtplib's send_message would write)."""
    buffer = io.BytesIO()
    BytesGenerator(buffer, mangle_from_=False, policy=POLICY).flatten(message, linesep="\r\n")
    return buffer.getvalue()


def smtp_send(message: EmailMessage) -> None:
    """Sends one message through the configured SMTP server; raises on any failure."""
    config = current_app.config
    smtp_class = smtplib.SMTP_SSL if config["MAIL_USE_SSL"] else smtplib.SMTP
    with smtp_class(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=20) as smtp:
        if config["MAIL_USE_TLS"] and not config["MAIL_USE_SSL"]:
            smtp.starttls(context=ssl.create_default_context())
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.sendmail(config["MAIL_DEFAULT_SENDER"], [message["To"]], wire_bytes(message))


def configured_transport() -> Transport | None:
    """SMTP when MAIL_SERVER is set; None in development (nothing is sent, the rows are the outbox)."""
    return smtp_send if current_app.config.get("MAIL_SERVER") else None


def outbox_messages(limit: int = 200) -> list[dict]:
    """The newest messages sent or waiting, newest first: [{"to", "subject", "body", "status"}]."""
    from .extensions import db
    from .messages.models import Message

    rows = db.session.execute(
        db.select(Message).where(Message.status.in_(("queued", "sending", "sent")))
        .order_by(Message.created_at.desc(), Message.id.desc()).limit(limit)
    ).scalars().all()
    return [{"id": m.id, "to": m.to_address, "subject": m.subject, "body": m.body_text, "status": m.status}
            for m in rows]


def forget_messages(traces: tuple[Iterable[str], Iterable[str]], guests: Iterable = ()) -> int:
    """Deletes the messages of these guests: those linked to them, and those of their events sent
    to their addresses (traces: (addresses, private tokens), as the erasure returns them). A guest
    who erased their data leaves no copy of it in the messages. Commits; returns how many."""
    from .messages.services import forget_guests

    addresses, _tokens = traces
    return forget_guests(list(guests), addresses)
