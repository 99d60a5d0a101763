"""Working without the network: the list a device downloads to judge codes itself, and the batch
of scans it sends back when it is online again.

The list carries, per guest, the SHA-256 of the badge code (never the code), and only what the door
must say: name and category for guests it admits, nothing but the reason for the others.
"""
import hashlib

from sqlalchemy import and_, exists, select

from ..db import utcnow
from ..errors import DomainError
from ..events.models import GuestCategory
from ..extensions import db
from ..programme.models import AwardRecipient
from ..registration.models import Guest, RevokedBadge
from .models import Admission, gate_category
from .payloads import parse_scan
from .services import check_in

HASH_LENGTH = 32  # hex characters of SHA-256 kept: 128 bits


def code_hash(token):
    return hashlib.sha256(token.encode("ascii")).hexdigest()[:HASH_LENGTH]


def offline_list(event, gate, locale="vi"):
    """What a device at this gate needs to judge a badge code while offline."""
    listed = exists().where(gate_category.c.gate_id == gate.id)
    admitted_here = exists().where(gate_category.c.gate_id == gate.id,
                                   gate_category.c.category_id == Guest.category_id)
    rows = db.session.execute(
        select(Guest.badge_token, Guest.full_name, Guest.status, Guest.needs_attention,
               GuestCategory.name, GuestCategory.name_en, GuestCategory.needs_attention.label("category_attention"),
               exists().where(AwardRecipient.guest_id == Guest.id).label("award_recipient"),
               (~listed | admitted_here).label("admitted_here"), Admission.admitted_at)
        .join(GuestCategory, GuestCategory.id == Guest.category_id)
        .outerjoin(Admission, and_(Admission.guest_id == Guest.id, Admission.gate_id == gate.id))
        .where(Guest.event_id == event.id)
    ).all()
    guests = []
    for row in rows:
        category = row.name_en if locale == "en" and row.name_en else row.name
        if row.status == "cancelled":
            entry = [code_hash(row.badge_token), "", "", "cancelled"]
        elif row.status != "registered":
            entry = [code_hash(row.badge_token), "", "", "not_approved"]
        elif not row.admitted_here:
            entry = [code_hash(row.badge_token), "", category, "not_allowed_here"]
        else:
            attention = bool(row.needs_attention or row.category_attention or row.award_recipient)
            entry = [code_hash(row.badge_token), row.full_name, category, "ok", int(attention),
                     row.admitted_at.isoformat() if row.admitted_at else None]
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


def check_in_batch(event, scanner, items, gate_for):
    """Records the scans of an offline device, each in its own transaction.

    Returns one (client_id, Outcome or DomainError) per item, in order. Idempotent by client_id;
    a malformed item is answered with its error and does not stop the others.
    """
    answers = []
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
