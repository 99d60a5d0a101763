"""Import previews kept between the upload and the confirmation, in the database.

An organiser uploads a file, reads the preview, then confirms: two requests that several workers,
or several app servers, may answer. Kept in a file of one server's instance folder, a preview was
lost when the confirmation reached another server; in the database every server sees it. A
preview is a JSON document of the importer's own shape, reachable only with its unguessable
token and only for its event and kind, and forgotten after PREVIEW_TTL_SECONDS.
"""
import json
import re
import secrets
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from flask_babel import gettext as _
from sqlalchemy import CheckConstraint
from sqlalchemy.orm import relationship

from .db import UTCDateTime, utcnow
from .errors import NotFound
from .extensions import db

if TYPE_CHECKING:
    from .events.models import Event, Organiser

PREVIEW_TTL_SECONDS = 24 * 3600  # a preview read before lunch can still be confirmed after
_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")  # what secrets.token_urlsafe makes; nothing else is looked up


class ImportPreview(db.Model):
    __tablename__ = "import_preview"

    token = db.Column(db.String(64), primary_key=True)
    kind = db.Column(db.String(30), nullable=False)  # "guests", "award_recipients", "cooperatives"
    # What the import belongs to: an event (guests, award recipients) or an organiser (its cooperatives).
    event_id = db.Column(db.Integer, db.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    organiser_id = db.Column(db.Integer, db.ForeignKey("organiser.id", ondelete="CASCADE"), index=True)
    payload = db.Column(db.Text, nullable=False)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow, index=True)

    event = relationship("Event")

    __table_args__ = (CheckConstraint("event_id IS NOT NULL OR organiser_id IS NOT NULL", name="has_owner"),)


def _owner_filter(owner: "Event | Organiser") -> Any:
    """owner: an Event or an Organiser; the condition that a preview belongs to it."""
    from .events.models import Organiser

    if isinstance(owner, Organiser):
        return ImportPreview.organiser_id == owner.id
    return ImportPreview.event_id == owner.id


def _owned_by(row: ImportPreview, owner: "Event | Organiser") -> bool:
    from .events.models import Organiser

    if isinstance(owner, Organiser):
        return row.organiser_id == owner.id and row.event_id is None
    return row.event_id == owner.id


def _gone() -> NotFound:
    return NotFound(_("Bản xem trước không còn, vui lòng tải tệp lên lại."))


def _oldest_kept() -> datetime:
    return utcnow() - timedelta(seconds=PREVIEW_TTL_SECONDS)


def save(kind: str, owner: "Event | Organiser", payload: Any) -> str:
    """Keeps a preview for an event or an organiser (owner); returns its token. Forgets the
    expired ones on the way. Commits."""
    from .events.models import Organiser

    db.session.execute(db.delete(ImportPreview).where(ImportPreview.created_at < _oldest_kept()))
    token = secrets.token_urlsafe(24)
    owned = {"organiser_id": owner.id} if isinstance(owner, Organiser) else {"event_id": owner.id}
    db.session.add(ImportPreview(token=token, kind=kind, payload=json.dumps(payload, ensure_ascii=False), **owned))
    db.session.commit()
    return token


def load(kind: str, owner: "Event | Organiser", token: object) -> Any:
    """The payload saved under this token for this event or organiser and kind; NotFound when
    gone or expired."""
    if not isinstance(token, str) or not _TOKEN.fullmatch(token):
        raise _gone()
    row = db.session.get(ImportPreview, token)
    if row is None or row.created_at < _oldest_kept() or row.kind != kind or not _owned_by(row, owner):
        raise _gone()
    return json.loads(row.payload)


def forget(kind: str, owner: "Event | Organiser", token: str, commit: bool = True) -> None:
    """Drops a preview (confirmed or discarded); with commit=False, inside the caller's transaction."""
    db.session.execute(db.delete(ImportPreview).where(
        ImportPreview.token == token, ImportPreview.kind == kind, _owner_filter(owner)))
    if commit:
        db.session.commit()
