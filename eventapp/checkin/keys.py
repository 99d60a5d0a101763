"""API keys for scanning devices: only the key's SHA-256 is stored, the key is shown once."""
from flask_babel import gettext as _
from sqlalchemy import select

from .. import audit
from ..auth.models import ApiKey, hash_api_key
from ..errors import DomainError, NotFound
from ..events.models import Event
from ..extensions import db
from ..text import clean
from .models import Gate


def create_api_key(role, event_slug, gate_code=None, label="", created_by=None):
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
