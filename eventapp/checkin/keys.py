"""API keys for scanning devices: only the key's SHA-256 is stored, the key is shown once."""
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import gettext as _
from sqlalchemy import func, select

from .. import audit
from ..access import forget_api_keys
from ..auth.models import ApiKey, hash_api_key
from ..db import utcnow
from ..errors import DomainError, NotFound
from ..events.models import Event
from ..extensions import db
from ..text import clean
from .models import Gate, Scan

if TYPE_CHECKING:
    from ..auth.models import User


@dataclass
class DeviceKey:
    """A key as the organiser's list shows it: never the key itself, which only its device holds."""

    key: ApiKey
    gate_name: str
    scans: int
    last_scan_at: datetime | None


def create_api_key(role: str, event_slug: str, gate_code: str | None = None, label: str | None = "",
                   created_by: "User | None" = None) -> tuple[ApiKey, str]:
    """Returns (ApiKey, the key in clear). Raises NotFound for an unknown event or gate."""
    if role not in ("door", "admin"):
        raise DomainError(_("Vai trò không hợp lệ: %(role)s", role=role), field="role")
    event = db.session.execute(select(Event).filter_by(slug=event_slug)).scalar_one_or_none()
    if event is None:
        raise NotFound(_("Không có sự kiện “%(slug)s”.", slug=event_slug))
    gate = None
    if gate_code:
        gate = db.session.execute(select(Gate).filter_by(event_id=event.id, code=gate_code)).scalar_one_or_none()
        if gate is None:
            raise NotFound(_("Sự kiện không có cổng “%(code)s”.", code=gate_code))
    secret = ApiKey.generate()
    key = ApiKey(label=(clean(label) or "")[:120], key_hash=hash_api_key(secret), prefix=secret[:10], role=role,
                 event_id=event.id, gate_id=getattr(gate, "id", None), created_by_id=getattr(created_by, "id", None))
    db.session.add(key)
    db.session.flush()
    audit.record("api_key.create", f"api_key:{key.id}", event=event, role=role, prefix=key.prefix,
                 gate=gate_code or "", label=key.label)
    db.session.commit()
    return key, secret


def list_keys(event: Event) -> list[DeviceKey]:
    """The event's device keys, newest first, with how many scans each sent and when it last did."""
    usage = {key_id: (count, last) for key_id, count, last in db.session.execute(
        select(Scan.api_key_id, func.count(Scan.id), func.max(Scan.scanned_at))
        .where(Scan.event_id == event.id, Scan.api_key_id.is_not(None)).group_by(Scan.api_key_id))}
    gates = {gate.id: gate.name for gate in db.session.execute(select(Gate).filter_by(event_id=event.id)).scalars()}
    keys = db.session.execute(select(ApiKey).filter_by(event_id=event.id)
                              .order_by(ApiKey.revoked_at.is_not(None), ApiKey.created_at.desc(), ApiKey.id.desc()))
    return [DeviceKey(key, gates.get(key.gate_id, ""), *usage.get(key.id, (0, None))) for key in keys.scalars()]


def revoke_api_key(event: Event, key_id: int | None = None, prefix: str | None = None) -> ApiKey:
    """Revokes one of the event's keys, by id or by the prefix shown when it was made; returns it.

    A revoked key stays listed (its scans keep naming it) and cannot be used again; revoking twice
    changes nothing.
    """
    statement = select(ApiKey).where(ApiKey.event_id == event.id)
    if key_id is not None:
        statement = statement.where(ApiKey.id == key_id)
    elif prefix:
        statement = statement.where(ApiKey.prefix.startswith(prefix, autoescape=True))
    else:
        raise NotFound(_("Không có khoá này."))
    found = db.session.execute(statement).scalars().all()
    if not found:
        raise NotFound(_("Không có khoá này."))
    if len(found) > 1:
        raise DomainError(_("Có %(count)d khoá bắt đầu bằng “%(prefix)s”: ghi thêm ký tự.", count=len(found),
                            prefix=prefix), field="prefix")
    key = found[0]
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        audit.record("api_key.revoke", f"api_key:{key.id}", event=event, prefix=key.prefix, label=key.label)
        db.session.commit()
    forget_api_keys()
    return key
