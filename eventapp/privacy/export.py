"""Everything stored about a guest, as one JSON document they can download (their right of access).

guest_data() reads; to_json() writes. Times are ISO 8601 in UTC. The staff who acted are not
named (their e-mail addresses are their own personal data); the actions and their times are.
"""
import json
from datetime import datetime
from typing import Any

from ..audit import AuditEntry
from ..badges.models import BadgePrint, BadgePrintBatch
from ..db import utcnow
from ..extensions import db
from ..programme.models import AwardCategory, AwardRecipient
from ..registration.models import Guest, RevokedBadge
from . import consent, records

FORMAT_VERSION = 1


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _consent(guest: Guest) -> dict[str, Any] | None:
    if guest.consent_at is None and guest.consent_version is None:
        return None
    return {"agreed_at": _time(guest.consent_at), "version": guest.consent_version,
            "text": consent.texts(guest.consent_version)}


def _badge_prints(guest: Guest) -> list[dict[str, Any]]:
    rows = db.session.execute(
        db.select(BadgePrint, BadgePrintBatch)
        .join(BadgePrintBatch, BadgePrint.batch_id == BadgePrintBatch.id)
        .where(BadgePrint.guest_id == guest.id).order_by(BadgePrintBatch.created_at, BadgePrint.id)
    ).all()
    return [{"printed_at": _time(batch.created_at), "kind": batch.kind, "layout": batch.layout,
             "reason": batch.reason, "badge_code": item.badge_token} for item, batch in rows]


def _revoked_badges(guest: Guest) -> list[dict[str, Any]]:
    rows = db.session.execute(
        db.select(RevokedBadge).where(RevokedBadge.guest_id == guest.id).order_by(RevokedBadge.revoked_at)
    ).scalars()
    return [{"badge_code": r.token, "reason": r.reason, "revoked_at": _time(r.revoked_at)} for r in rows]


def _awards(guest: Guest) -> list[dict[str, Any]]:
    rows = db.session.execute(
        db.select(AwardRecipient, AwardCategory)
        .join(AwardCategory, AwardRecipient.category_id == AwardCategory.id)
        .where(AwardRecipient.guest_id == guest.id).order_by(AwardCategory.position, AwardRecipient.position)
    ).all()
    return [{"award": category.name, "awarding_body": category.awarding_body, "kind": category.kind,
             "name": r.name, "title": r.title, "organization": r.organization,
             "collective": r.is_collective, "order_of_calling": r.position} for r, category in rows]


def _history(guest: Guest) -> list[dict[str, Any]]:
    rows = db.session.execute(
        db.select(AuditEntry).where(AuditEntry.target == f"guest:{guest.id}").order_by(AuditEntry.at, AuditEntry.id)
    ).scalars()
    history: list[dict[str, Any]] = []
    for entry in rows:
        try:
            details = json.loads(entry.details) if entry.details else {}
        except ValueError:
            details = entry.details
        history.append({"at": _time(entry.at), "action": entry.action, "details": details})
    return history


def guest_data(guest: Guest, now: datetime | None = None) -> dict[str, Any]:
    event, category = guest.event, guest.category
    return {
        "format": FORMAT_VERSION,
        "exported_at": _time(now or utcnow()),
        "event": {"slug": event.slug, "name": event.name, "organiser": event.organiser,
                  "starts_at": _time(event.starts_at), "ends_at": _time(event.ends_at), "venue": event.venue},
        "guest": {
            "full_name": guest.full_name, "email": guest.email, "phone": guest.phone,
            "organization": guest.organization, "position": guest.position,
            "cooperative": guest.cooperative.name if guest.cooperative else None,
            "status": guest.status, "source": guest.source, "language": guest.locale,
            "needs_attention": guest.needs_attention,
            "badge_code": guest.badge_token, "private_token": guest.private_token,
            "registered_at": _time(guest.created_at), "updated_at": _time(guest.updated_at),
            "approved_at": _time(guest.approved_at), "cancelled_at": _time(guest.cancelled_at),
            "badge_printed_at": _time(guest.badge_printed_at),
        },
        "category": {"code": category.code, "name": category.name, "name_en": category.name_en},
        "consent": _consent(guest),
        "badge_prints": _badge_prints(guest),
        "revoked_badges": _revoked_badges(guest),
        "awards": _awards(guest),
        # Check-in admissions and scans, and any other table that points at the guest.
        "other_records": records.rows_about(guest.id),
        "history": _history(guest),
    }


def to_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def filename(guest: Guest) -> str:
    return f"du-lieu-ca-nhan-{guest.event.slug}.json"
