"""The organisers' gates: which categories each admits, re-entry, open or closed."""
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from .. import audit
from ..errors import Conflict, DomainError, NotFound
from ..events.models import GuestCategory
from ..extensions import db
from ..text import clean
from .models import Gate

if TYPE_CHECKING:
    from ..events.models import Event

CODE = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


def list_gates(event: "Event", active_only: bool = False) -> Sequence[Gate]:
    statement = select(Gate).where(Gate.event_id == event.id).order_by(Gate.position, Gate.id)
    if active_only:
        statement = statement.where(Gate.active.is_(True))
    return db.session.execute(statement).scalars().all()


def get_gate(event: "Event", gate_id: int) -> Gate:
    gate = db.session.get(Gate, gate_id)
    if gate is None or gate.event_id != event.id:
        raise NotFound(_("Không có cổng này."))
    return gate


def get_gate_by_code(event: "Event", code: str) -> Gate:
    if "\x00" in code:
        raise NotFound(_("Không có cổng này."))
    gate = db.session.execute(select(Gate).filter_by(event_id=event.id, code=code)).scalar_one_or_none()
    if gate is None:
        raise NotFound(_("Không có cổng này."))
    return gate


def category_choices(event: "Event") -> Sequence[GuestCategory]:
    return db.session.execute(
        select(GuestCategory).where(GuestCategory.event_id == event.id).order_by(GuestCategory.position)
    ).scalars().all()


def save_gate(event: "Event", gate: Gate | None = None, *, code: str | None, name: str | None, name_en: str | None = "",
              allow_reentry: bool = True, active: bool = True, position: int | None = 0,
              category_ids: Iterable[int | str] = (), walk_in_category_ids: Iterable[int | str] = ()) -> Gate:
    """Creates (gate=None) or updates a gate. Raises DomainError / Conflict naming the field."""
    code = (clean(code) or "").lower()
    name = clean(name) or ""
    if not CODE.match(code):
        raise DomainError(_("Mã cổng gồm chữ thường không dấu, số và dấu gạch ngang (vd. cong-chinh)."), field="code")
    if not name:
        raise DomainError(_("Vui lòng nhập tên cổng."), field="name")
    wanted = {int(i) for i in category_ids}
    categories = [c for c in category_choices(event) if c.id in wanted]
    if len(categories) != len(wanted):
        raise DomainError(_("Thành phần không thuộc sự kiện này."), field="categories")
    wanted_walk_in = {int(i) for i in walk_in_category_ids}
    walk_in = [c for c in category_choices(event) if c.id in wanted_walk_in]
    if len(walk_in) != len(wanted_walk_in):
        raise DomainError(_("Thành phần không thuộc sự kiện này."), field="walk_in_categories")
    if categories and any(c not in categories for c in walk_in):
        raise DomainError(_("Khách mới chỉ có thể thuộc thành phần được vào cổng này."), field="walk_in_categories")
    creating = gate is None
    if creating:
        gate = Gate(event_id=event.id)
        db.session.add(gate)
    assert gate is not None  # given, or created just above
    gate.code, gate.name, gate.name_en = code, name[:120], (clean(name_en) or "")[:120]
    gate.allow_reentry, gate.active, gate.position = bool(allow_reentry), bool(active), int(position or 0)
    gate.categories = categories
    gate.walk_in_categories = walk_in
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(_("Sự kiện đã có cổng với mã này."), field="code") from None
    audit.record("gate.create" if creating else "gate.update", f"gate:{gate.id}", event=event, code=code,
                 name=gate.name, allow_reentry=gate.allow_reentry, active=gate.active,
                 categories=[c.code for c in categories], walk_in_categories=[c.code for c in walk_in])
    db.session.commit()
    return gate
