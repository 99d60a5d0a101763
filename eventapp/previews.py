"""Import previews kept between the upload and the confirmation, in the database.

An organiser uploads a file, reads the preview, then confirms: two requests that several workers,
or several app servers, may answer. Kept in a file of one server's instance folder, a preview was
lost when the confirmation reached another server; in the database every server sees it. A
preview is a JSON document of the importer's own shape, reachable only with its unguessable
token and only for its event and kind, and forgotten after PREVIEW_TTL_SECONDS.
"""
import json
import secrets
from datetime import timedelta

from flask_babel import gettext as _

from .db import UTCDateTime, utcnow
from .errors import NotFound
from .extensions import db

PREVIEW_TTL_SECONDS = 24 * 3600  # a preview read before lunch can still be confirmed after


class ImportPreview(db.Model):
    __tablename__ = "import_preview"

    token = db.Column(db.String(64), primary_key=True)
    kind = db.Column(db.String(30), nullable=False)  # "guests", "award_recipients"
    event_id = db.Column(db.Integer, db.ForeignKey("event.id", ondelete="CASCADE"), nullable=False, index=True)
    payload = db.Column(db.Text, nullable=False)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow, index=True)

    event = db.relationship("Event")


def _gone():
    return NotFound(_("Bản xem trước không còn, vui lòng tải tệp lên lại."))


def save(kind, event, payload):
    """Keeps a preview; returns its token. Forgets the expired ones on the way. Commits."""
    db.session.execute(db.delete(ImportPreview).where(
        ImportPreview.created_at < utcnow() - timedelta(seconds=PREVIEW_TTL_SECONDS)))
    token = secrets.token_urlsafe(24)
    db.session.add(ImportPreview(token=token, kind=kind, event_id=event.id,
                                 payload=json.dumps(payload, ensure_ascii=False)))
    db.session.commit()
    return token


def _row(kind, event, token):
    if not isinstance(token, str) or len(token) > 64:
        raise _gone()
    row = db.session.get(ImportPreview, token)
    fresh = row is not None and row.created_at >= utcnow() - timedelta(seconds=PREVIEW_TTL_SECONDS)
    if not fresh or row.kind != kind or row.event_id != event.id:
        raise _gone()
    return row


def load(kind, event, token):
    """The payload saved under this token for this event and kind; NotFound when gone or expired."""
    return json.loads(_row(kind, event, token).payload)


def forget(kind, event, token, commit=True):
    """Drops a preview (confirmed or discarded); with commit=False, inside the caller's transaction."""
    db.session.execute(db.delete(ImportPreview).where(
        ImportPreview.token == token, ImportPreview.kind == kind, ImportPreview.event_id == event.id))
    if commit:
        db.session.commit()
