"""E-mail as it goes on the wire, and the SMTP transport that sends it.

Messages are queued as rows (eventapp.messages) and handed to a transport by the workers. Without
MAIL_SERVER there is no transport: nothing leaves the machine, and the rows are the development
outbox (/admin/outbox). outbox_messages() keeps its name for the callers that read what was
sent.
"""
import io
import re
import smtplib
import ssl
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from email.generator import BytesGenerator
from email.header import Header
from email.message import EmailMessage
from email.policy import EmailPolicy
from email.utils import make_msgid

from flask import current_app
from markupsafe import escape

# Written on one line as given (see _WirePolicy._verbatim).
VERBATIM_HEADERS = {"list-unsubscribe", "list-unsubscribe-post"}


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

    def _verbatim(self, name, value):
        """List-Unsubscribe and its -Post on one line, as written: the standard folder turns a URL
        longer than a line into encoded words, which no mail provider reads as a URL. A header line
        may be 998 characters long."""
        text = str(value)
        if name.lower() not in VERBATIM_HEADERS or not text.isascii() or len(name) + len(text) > 990:
            return None
        return f"{name}: {text}{self.linesep}"

    def fold(self, name, value):
        return self._folded_subject(name, value) or self._verbatim(name, value) or super().fold(name, value)

    def fold_binary(self, name, value):
        folded = self._folded_subject(name, value) or self._verbatim(name, value)
        return folded.encode("ascii") if folded else super().fold_binary(name, value)


POLICY = _WirePolicy(linesep="\r\n")

Transport = Callable[[EmailMessage], None]


def build_message(to: str, subject: str, body: str, html: str | None = None,
                  message_id: str | None = None, images: Iterable[tuple[str, bytes]] = (),
                  headers: Mapping[str, str] | None = None) -> EmailMessage:
    """multipart/alternative (text, HTML) when there is HTML; images: (content id, PNG bytes) shown
    by the HTML part as cid: links, which makes that part multipart/related.

    headers: more header fields, such as List-Unsubscribe for the organisers' mailings (which
    kinds carry it is decided at delivery: eventapp.messages.delivery).
    """
    message = EmailMessage(policy=POLICY)
    message["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(idstring=message_id, domain="eventapp.local")
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    if html:
        message.add_alternative(html, subtype="html")
        html_part = message.get_body(("html",))
        assert html_part is not None  # just added
        for cid, png in images:
            html_part.add_related(png, maintype="image", subtype="png", cid=f"<{cid}>",
                                  disposition="inline", filename=cid.split("@")[0] + ".png")
    return message


# ----- letters: the same words as plain text and as HTML ------------------------------------------

BADGE_QR_CID = "badge-qr@eventapp.local"
_QR_BLOCK = re.compile(r"<!--badge-qr-->.*?<!--/badge-qr-->", re.S)


@dataclass
class Letter:
    """One formal letter. letter_text and letter_html render the same words; the HTML adds only a
    button-like link and, with qr_caption, the guest's badge QR (attached at delivery: inline_badge_qr)."""
    greeting: str
    paragraphs: list[str]
    facts: list[tuple[str, str]] = field(default_factory=list)
    link_intro: str = ""
    link: str = ""
    button: str = ""
    after: list[str] = field(default_factory=list)
    qr_caption: str = ""
    closing: str = ""
    signature: str = ""
    # A small line under the signature and its link (the organisers' mailings: how to stop them).
    footer: str = ""
    footer_link: str = ""
    footer_link_text: str = ""


def letter_text(letter: Letter) -> str:
    parts = [letter.greeting, *letter.paragraphs]
    if letter.facts:
        parts.append("\n".join(f"{label}: {value}" for label, value in letter.facts))
    if letter.link:
        parts.append(f"{letter.link_intro}\n{letter.link}" if letter.link_intro else letter.link)
    parts += letter.after
    parts.append("\n".join(line for line in (letter.closing, letter.signature) if line))
    if letter.footer or letter.footer_link:
        parts.append("\n".join(line for line in (
            "--", letter.footer, f"{letter.footer_link_text}: {letter.footer_link}" if letter.footer_link else "")
            if line))
    return "\n\n".join(part for part in parts if part) + "\n"


# Inline styles only, no tables, images or fonts from elsewhere: what mail clients render alike.
_P = "margin:0 0 16px 0"
_BUTTON = ("display:inline-block;padding:12px 24px;background:#1d4ed8;color:#ffffff;text-decoration:none;"
           "font-weight:bold;border-radius:4px")


def letter_html(letter: Letter, lang: str = "vi", title: str = "") -> str:
    out = [f'<p style="{_P}">{escape(letter.greeting)}</p>']
    out += [f'<p style="{_P}">{escape(text)}</p>' for text in letter.paragraphs]
    if letter.facts:
        out.append(f'<p style="{_P}">' + "<br>".join(
            f"<strong>{escape(label)}:</strong> {escape(value)}" for label, value in letter.facts) + "</p>")
    if letter.link:
        if letter.link_intro:
            out.append(f'<p style="{_P}">{escape(letter.link_intro)}</p>')
        out.append(f'<p style="margin:0 0 8px 0"><a href="{escape(letter.link)}" style="{_BUTTON}">'
                   f'{escape(letter.button or letter.link)}</a></p>')
        out.append(f'<p style="{_P};font-size:13px;color:#4b5563;word-break:break-all">'
                   f'<a href="{escape(letter.link)}" style="color:#1d4ed8">{escape(letter.link)}</a></p>')
    if letter.qr_caption:
        out.append(f'<!--badge-qr--><div style="margin:0 0 16px 0;text-align:center">'
                   f'<img src="cid:{BADGE_QR_CID}" width="200" height="200" alt="{escape(letter.qr_caption)}" '
                   f'style="display:block;margin:0 auto;border:0">'
                   f'<p style="margin:8px 0 0 0;font-size:13px;color:#4b5563">{escape(letter.qr_caption)}</p>'
                   f'</div><!--/badge-qr-->')
    out += [f'<p style="{_P}">{escape(text)}</p>' for text in letter.after]
    out.append(f'<p style="{_P}">{escape(letter.closing)}<br><strong>{escape(letter.signature)}</strong></p>')
    if letter.footer or letter.footer_link:
        link = (f' <a href="{escape(letter.footer_link)}" style="color:#4b5563">'
                f'{escape(letter.footer_link_text or letter.footer_link)}</a>' if letter.footer_link else "")
        out.append(f'<p style="margin:24px 0 0 0;padding-top:12px;border-top:1px solid #e5e7eb;font-size:12px;'
                   f'color:#6b7280">{escape(letter.footer)}{link}</p>')
    return (f'<!DOCTYPE html><html lang="{escape(lang)}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{escape(title)}</title>'
            f'</head><body style="margin:0;padding:0;background:#f3f4f6">'
            f'<div style="max-width:600px;margin:0 auto;padding:24px;background:#ffffff;'
            f'font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#111827">'
            + "\n".join(out) + "</div></body></html>\n")


def inline_badge_qr(html: str | None, badge_token: str | None) -> tuple[str | None, list[tuple[str, bytes]]]:
    """The HTML to send and its images: the badge QR drawn from the guest's code as it is now (a
    code reissued after the message was queued is the one that opens the gate), or the QR block
    left out when the guest has no badge any more (cancelled, erased)."""
    if not html or f"cid:{BADGE_QR_CID}" not in html:
        return html, []
    if not badge_token:
        return _QR_BLOCK.sub("", html), []
    from .qr import qr_png

    return html, [(BADGE_QR_CID, qr_png(badge_token, module_px=6))]


def wire_bytes(message: EmailMessage) -> bytes:
    """The bytes given to the SMTP server (what smtplib's send_message would write)."""
    buffer = io.BytesIO()
    BytesGenerator(buffer, mangle_from_=False, policy=POLICY).flatten(message, linesep="\r\n")
    return buffer.getvalue()


def smtp_send(message: EmailMessage, handed_over: Callable[[], None] | None = None) -> None:
    """Sends one message through the configured SMTP server; raises on any failure.

    What sendmail() does, with one step of our own: handed_over (if given) is called once the
    server holds the whole message but its final "<CRLF>.<CRLF>". A server drops a message whose
    connection closes before that line; if handed_over raises, the connection is closed without
    it and the exception goes on.
    """
    config = current_app.config
    sender, recipient = config["MAIL_DEFAULT_SENDER"], message["To"]
    data = re.sub(rb"(?m)^\.", b"..", wire_bytes(message))  # a line starting with "." gets another
    if not data.endswith(b"\r\n"):
        data += b"\r\n"
    smtp_class = smtplib.SMTP_SSL if config["MAIL_USE_SSL"] else smtplib.SMTP
    with smtp_class(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=20) as smtp:
        if config["MAIL_USE_TLS"] and not config["MAIL_USE_SSL"]:
            smtp.starttls(context=ssl.create_default_context())
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.ehlo_or_helo_if_needed()
        code, reply = smtp.mail(sender, [f"SIZE={len(data)}"] if smtp.has_extn("size") else [])
        if code != 250:
            raise smtplib.SMTPSenderRefused(code, reply, sender)
        code, reply = smtp.rcpt(recipient)
        if code not in (250, 251):
            raise smtplib.SMTPRecipientsRefused({recipient: (code, reply)})
        code, reply = smtp.docmd("DATA")
        if code != 354:
            raise smtplib.SMTPDataError(code, reply)
        try:
            smtp.send(data)
            if handed_over is not None:
                handed_over()
            smtp.send(b".\r\n")
            code, reply = smtp.getreply()
        except BaseException:
            smtp.close()  # no QUIT: inside DATA the server would take it for message text
            raise
        if code != 250:
            raise smtplib.SMTPDataError(code, reply)


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

