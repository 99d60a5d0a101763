"""Text messages (SMS) through an HTTP gateway, configured by the environment.

A text message is a message row like an e-mail (channel "sms", to_address an E.164 number, no
subject, a short body): queued with the change it announces, delivered by the same workers with
the same retries (delivery.py). The gateway is any HTTP endpoint that takes one JSON request per
message:

    POST SMS_GATEWAY_URL   {"to": "+84912345678", "sender": SMS_SENDER, "text": "…"}

with `Authorization: Bearer SMS_GATEWAY_TOKEN`, or HTTP Basic SMS_GATEWAY_USER / SMS_GATEWAY_PASSWORD.
Any 2xx answer means the gateway took the message; anything else, or no answer within
SMS_GATEWAY_TIMEOUT seconds, is a failed attempt. Without SMS_GATEWAY_URL there is no SMS at all:
nothing is queued by phone, and the pages say that links go by e-mail only.
"""
import base64
import json
import unicodedata
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from flask import current_app

from .models import Message

if TYPE_CHECKING:
    from ..events.models import Event
    from ..registration.models import Guest
from .services import queue_message

# A gateway's answer is read for its error message only; a longer one is cut.
_ANSWER_BYTES = 500


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A gateway that answers 3xx did not take the message (urllib would follow a 302 with a GET,
    dropping the body): the answer stays an error."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


class SmsError(Exception):
    """The gateway refused the message or could not be reached."""


@dataclass(frozen=True)
class TextMessage:
    """What a text message transport is given (delivery builds it from the row)."""

    to: str
    text: str


SmsTransport = Callable[[TextMessage], None]


def is_configured() -> bool:
    return bool((current_app.config.get("SMS_GATEWAY_URL") or "").strip())


def _request(message: TextMessage) -> urllib.request.Request:
    config = current_app.config
    body = json.dumps({"to": message.to, "sender": config.get("SMS_SENDER") or "",
                       "text": unicodedata.normalize("NFC", message.text)}, ensure_ascii=False).encode("utf-8")
    url = config["SMS_GATEWAY_URL"].strip()
    if not url.lower().startswith(("http://", "https://")):  # urllib would also open file: and ftp:
        raise SmsError("SMS_GATEWAY_URL must be an http:// or https:// address")
    request = urllib.request.Request(url, data=body, method="POST")
    request.add_header("Content-Type", "application/json; charset=utf-8")
    request.add_header("Accept", "application/json")
    if config.get("SMS_GATEWAY_TOKEN"):
        request.add_header("Authorization", f"Bearer {config['SMS_GATEWAY_TOKEN']}")
    elif config.get("SMS_GATEWAY_USER"):
        pair = f"{config['SMS_GATEWAY_USER']}:{config.get('SMS_GATEWAY_PASSWORD') or ''}".encode()
        request.add_header("Authorization", "Basic " + base64.b64encode(pair).decode("ascii"))
    return request


def gateway_send(message: TextMessage) -> None:
    """Hands one text to the configured gateway; raises SmsError unless it answers 2xx."""
    timeout = float(current_app.config.get("SMS_GATEWAY_TIMEOUT") or 10)
    try:
        with _OPENER.open(_request(message), timeout=timeout) as answer:
            status = answer.status
    except urllib.error.HTTPError as exc:  # a 4xx/5xx answer: its body often says why
        detail = exc.read(_ANSWER_BYTES).decode("utf-8", "replace").strip()
        raise SmsError(f"gateway answered {exc.code}: {detail}".rstrip(": ")) from None
    except (urllib.error.URLError, OSError) as exc:  # refused, unreachable, timed out
        raise SmsError(f"gateway unreachable: {getattr(exc, 'reason', exc)}") from None
    if not 200 <= status < 300:  # urllib raises for 4xx/5xx; a 1xx/3xx left over is no delivery either
        raise SmsError(f"gateway answered {status}")


def _not_configured(message: TextMessage) -> None:
    raise SmsError("SMS_GATEWAY_URL is not set")


def configured_transport() -> SmsTransport:
    """The gateway. A text queued while SMS was configured and delivered after it was switched off
    fails (and is retried) rather than pass for sent: the guest was told it went by SMS."""
    return gateway_send if is_configured() else _not_configured


def queue_sms(to: str, text: str, *, kind: str, guest: "Guest | int | None" = None,
              event: "Event | int | None" = None) -> Message:
    """Adds a queued text message to the session (the caller commits, as for an e-mail)."""
    return queue_message(to, "", text, kind=kind, guest=guest, event=event, channel="sms")
