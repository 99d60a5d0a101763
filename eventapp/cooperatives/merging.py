"""Merging two records of the same cooperative: one is kept, the other's links move to it.

Everything that points at a cooperative (booth applications, exhibitor users and accounts, guests,
award recipients) is repointed in the same transaction as the removal. Two booth applications, or
two exhibitor accounts, of one event cannot become one cooperative's (one application per event is
a constraint): the merge is refused, naming the event.
"""
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, update
from sqlalchemy.exc import IntegrityError

from ..audit import record
from ..errors import Conflict, DomainError
from ..events.models import Event, Organiser
from ..extensions import db
from .models import Cooperative
from .services import get_cooperative, unique_conflict

MAX_PAIRS = 200  # a page of candidates; a registry with more has bigger problems than this page
# What the kept record takes from the other when its own is empty.
FILLABLE = ("short_name", "district", "sector", "products", "representative", "email", "phone", "member_since",
            "is_priority")


def _linked_models() -> tuple[tuple[str, Any], ...]:
    """(key, model) of every table with a cooperative_id, in the order the summary shows them."""
    from ..auth.models import User
    from ..booths.models import BoothApplication, ExhibitorAccount
    from ..programme.models import AwardRecipient
    from ..registration.models import Guest

    return (("applications", BoothApplication), ("exhibitor_accounts", ExhibitorAccount), ("users", User),
            ("guests", Guest), ("award_recipients", AwardRecipient))


@dataclass
class MergePlan:
    keep: Cooperative
    remove: Cooperative
    fills: list = field(default_factory=list)     # the kept record's empty fields the other fills
    moves: dict = field(default_factory=dict)     # key of _linked_models -> rows that will point at keep
    clashes: list = field(default_factory=list)   # messages: why the merge cannot be done


def candidate_pairs(organiser: Organiser) -> list[tuple[Cooperative, Cooperative]]:
    """Pairs of the organiser's cooperatives with the same name and district, spelling aside;
    the older record of each pair first."""
    keys = db.session.execute(
        db.select(Cooperative.match_key).where(Cooperative.organiser_id == organiser.id)
        .group_by(Cooperative.match_key).having(func.count() > 1)).scalars().all()
    if not keys:
        return []
    groups: dict[str, list[Cooperative]] = {}
    same_keys = db.select(Cooperative).where(
        Cooperative.organiser_id == organiser.id, Cooperative.match_key.in_(keys)).order_by(Cooperative.id)
    for coop in db.session.execute(same_keys).scalars():
        groups.setdefault(coop.match_key, []).append(coop)
    pairs = [pair for group in groups.values() for pair in combinations(group, 2)]
    return pairs[:MAX_PAIRS]


def _clashes(keep: Cooperative, remove: Cooperative) -> list[str]:
    from ..booths.models import BoothApplication, ExhibitorAccount

    messages = []
    for model in (BoothApplication, ExhibitorAccount):
        names = db.session.execute(
            db.select(Event.name).join(model, model.event_id == Event.id)
            .where(model.cooperative_id.in_((keep.id, remove.id)))
            .group_by(Event.id, Event.name).having(func.count(func.distinct(model.cooperative_id)) > 1)
            .order_by(Event.name)).scalars().all()
        for name in names:
            if model is BoothApplication:
                messages.append(_("Cả hai đều có đơn đăng ký gian hàng ở sự kiện «%(event)s», mà mỗi hợp tác xã chỉ "
                                  "có một đơn ở một sự kiện: không gộp được.", event=name))
            else:
                messages.append(_("Cả hai đều có tài khoản đơn vị trưng bày ở sự kiện «%(event)s», mà mỗi hợp tác xã "
                                  "chỉ có một tài khoản ở một sự kiện: không gộp được.", event=name))
    return messages


def plan_merge(organiser: Organiser, keep_id: int, remove_id: int) -> MergePlan:
    """What merging remove into keep would do, and whether it can; NotFound for another
    organiser's ids."""
    keep = get_cooperative(organiser, keep_id)
    remove = get_cooperative(organiser, remove_id)
    if keep.id == remove.id:
        raise DomainError(_("Chọn hai hợp tác xã khác nhau để gộp."))
    moves = {}
    for key, model in _linked_models():
        moves[key] = db.session.execute(
            db.select(func.count()).select_from(model).where(model.cooperative_id == remove.id)).scalar_one()
    return MergePlan(keep=keep, remove=remove, moves=moves, clashes=_clashes(keep, remove),
                     fills=[key for key in FILLABLE if getattr(remove, key) and not getattr(keep, key)])


def merge_cooperatives(organiser: Organiser, keep_id: int, remove_id: int) -> Cooperative:
    """Merges remove into keep in one transaction; returns keep. Conflict when the two cannot be one."""
    plan = plan_merge(organiser, keep_id, remove_id)
    if plan.clashes:
        raise Conflict(" ".join(plan.clashes))
    keep, remove = plan.keep, plan.remove
    removed = {"id": remove.id, "name": remove.name, "district": remove.district}
    name, district = keep.name, (keep.district or remove.district)
    try:
        for _key, model in _linked_models():
            db.session.execute(update(model).where(model.cooperative_id == remove.id).values(cooperative_id=keep.id))
        db.session.delete(remove)
        db.session.flush()
        for key in plan.fills:
            setattr(keep, key, getattr(remove, key))
        keep.refresh_keys()
        db.session.flush()
    except IntegrityError:
        # A filled district can make keep the same name and place as a third record.
        db.session.rollback()
        raise unique_conflict(name, district) from None
    record("cooperative.merge", f"cooperative:{keep.id}", organiser=organiser, kept=keep.name, removed=removed,
           filled=plan.fills, moved=plan.moves)
    db.session.commit()
    return keep
