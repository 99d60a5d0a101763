"""Organisers: the alliances that own events, cooperatives and staff in one install."""
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from ..errors import Conflict, DomainError, NotFound
from ..extensions import db
from ..text import clean, slugify
from .models import Organiser


def list_organisers() -> list[Organiser]:
    return list(db.session.execute(db.select(Organiser).order_by(Organiser.name)).scalars())


def get_organiser(organiser_id: int) -> Organiser:
    organiser = db.session.get(Organiser, organiser_id) if organiser_id else None
    if organiser is None:
        raise NotFound(_("Không tìm thấy đơn vị tổ chức."))
    return organiser


def find_organiser(name: str | None) -> Organiser | None:
    return db.session.execute(db.select(Organiser).filter_by(name=clean(name))).scalar_one_or_none()


def create_organiser(name: str | None, slug: str | None = None, commit: bool = True) -> Organiser:
    name = clean(name) or ""
    if not name:
        raise DomainError(_("Vui lòng nhập tên đơn vị tổ chức."), field="organiser")
    if len(name) > 255:
        raise DomainError(_("Tên đơn vị tổ chức quá dài (tối đa 255 ký tự)."), field="organiser")
    slug = slugify(slug or name) or "don-vi"
    organiser = Organiser(name=name, slug=slug)
    db.session.add(organiser)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(_("Đã có đơn vị tổ chức với tên hoặc mã này."), field="organiser") from None
    if commit:
        db.session.commit()
    return organiser


def organiser_named(name: str) -> Organiser:
    """The organiser of that name, created when missing (the demo loader, scripts)."""
    return find_organiser(name) or create_organiser(name, commit=False)
