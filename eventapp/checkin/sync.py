"""Working without the network: the list a device downloads to judge codes itself, and the batch
of scans it sends back when it is online again.

The list carries, per guest, the SHA-256 of the badge code (never the code), and only what the door
must say: name and category for guests it admits, nothing but the reason for the others.
"""
import hashlib
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import and_, select

from ..db import utcnow
from ..errors import DomainError
from ..events.models import GuestCategory
from ..extensions import db
from ..registration.models import Guest, RevokedBadge
from .judging import EventRef, GateRef, Scanner, verdict
from .models import Admission
from .payloads import parse_scan
from .queries import door_facts
from .services import Outcome, check_in

HASH_LENGTH = 32  # hex characters of SHA-256 kept: 128 bits


def code_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()[:HASH_LENGTH]


def offline_list(event: EventRef, gate: GateRef, locale: str = "vi") -> dict[str, Any]:
    """What a device at this gate needs to judge a badge code while offline: the same facts and
    the same verdict as a scan on the server (queries.door_facts, judging.verdict)."""
    rows = db.session.execute(
        select(Guest.badge_token, *door_facts(gate.id), Admission.admitted_at)
        .join(GuestCategory, GuestCategory.id == Guest.category_id)
        .outerjoin(Admission, and_(Admission.guest_id == Guest.id, Admission.gate_id == gate.id))
        .where(Guest.event_id == event.id)
    ).all()
    guests = []
    for row in rows:
        category = row.category_en if locale == "en" and row.category_en else row.category
        result = verdict(row.status, row.admitted_here)
        if result is None:
            entry = [code_hash(row.badge_token), row.full_name, category, "ok", int(bool(row.attention)),
                     row.admitted_at.isoformat() if row.admitted_at else None]
        elif result == "not_allowed_here":  # the category tells the guest which gate to use
            entry = [code_hash(row.badge_token), "", category, result]
        else:
            entry = [code_hash(row.badge_token), "", "", result]
        guests.append(entry)
    revoked = db.session.execute(
        select(RevokedBadge.token).join(Guest, Guest.id == RevokedBadge.guest_id).where(Guest.event_id == event.id)
    ).scalars()
    return {
        "event": event.slug,
        "gate": {"code": gate.code, "name": gate.label(locale), "allow_reentry": gate.allow_reentry},
        "generated_at": utcnow().isoformat(),
        "hash": {"algorithm": "sha256", "hex_length": HASH_LENGTH},
        "fields": ["hash", "name", "category", "status", "attention", "admitted_at"],
        "guests": guests,
        "revoked": [code_hash(token) for token in revoked],
    }


def check_in_batch(event: EventRef, scanner: Scanner, items: Iterable[Any],
                   gate_for: Callable[[str | None], GateRef]) -> list[tuple[Any, Outcome | DomainError]]:
    """Records the scans of an offline device, each in its own transaction.

    Returns one (client_id, Outcome or DomainError) per item, in order. Idempotent by client_id;
    a malformed item is answered with its error and does not stop the others.
    """
    answers: list[tuple[Any, Outcome | DomainError]] = []
    for raw in items:
        client_id = raw.get("client_id") if isinstance(raw, dict) else None
        try:
            request = parse_scan(raw, in_batch=True)
            gate = gate_for(request.gate)
            outcome = check_in(event, gate, scanner, offline=True, local_result=request.local_result,
                               **request.service_args())
            answers.append((client_id, outcome))
        except DomainError as exc:
            db.session.rollback()
            answers.append((client_id, exc))
    return answers
