"""Outgoing e-mail: SMTP when MAIL_SERVER is set, otherwise a local outbox folder admins can read."""
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

from flask import current_app

from .db import utcnow


def build_message(to, subject, body, html=None):
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="eventapp.local")
    message.set_content(body)
    if html:
        message.add_alternative(html, subtype="html")
    return message


def send(to, subject, body, html=None):
    """Sends one message (UTF-8 throughout). Returns the outbox file in development, else None."""
    message = build_message(to, subject, body, html)
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        outbox = Path(config["MAIL_OUTBOX_DIR"])
        outbox.mkdir(parents=True, exist_ok=True)
        stamp = utcnow().strftime("%Y%m%dT%H%M%S%f")
        path = outbox / f"{stamp}-{abs(hash(message['Message-ID'])) % 10**8:08d}.eml"
        path.write_bytes(bytes(message))
        return path
    smtp_class = smtplib.SMTP_SSL if config["MAIL_USE_SSL"] else smtplib.SMTP
    with smtp_class(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=20) as smtp:
        if config["MAIL_USE_TLS"] and not config["MAIL_USE_SSL"]:
            smtp.starttls(context=ssl.create_default_context())
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)
    return None


def outbox_messages(limit=200):
    """The newest messages of the development outbox, parsed, for the admin page."""
    from email import policy
    from email.parser import BytesParser

    outbox = Path(current_app.config["MAIL_OUTBOX_DIR"])
    if not outbox.is_dir():
        return []
    messages = []
    for path in sorted(outbox.glob("*.eml"), reverse=True)[:limit]:
        parsed = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
        body = parsed.get_body(preferencelist=("plain",))
        messages.append({
            "file": path.name, "to": parsed["To"], "subject": parsed["Subject"],
            "body": body.get_content() if body else "",
        })
    return messages


def forget_messages(traces):
    """Deletes the development outbox's messages sent to these addresses or carrying these private
    links: (addresses, tokens). A guest who erased their data leaves no copy of it there."""
    addresses, tokens = traces
    outbox = Path(current_app.config["MAIL_OUTBOX_DIR"])
    if not outbox.is_dir() or not (addresses or tokens):
        return 0
    from email import policy
    from email.parser import BytesParser

    wanted = {a.lower() for a in addresses}
    removed = 0
    for path in outbox.glob("*.eml"):
        message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
        text = " ".join(part.get_content() for part in message.walk() if part.get_content_maintype() == "text")
        if str(message["To"] or "").strip().lower() in wanted or any(token in text for token in tokens):
            path.unlink(missing_ok=True)
            removed += 1
    return removed
