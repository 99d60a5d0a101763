"""What other features read about the awards: who receives one, and which.

One rule: a guest receives an award when a recipient row links to them. Recipients link only
guests of their own category's event (awards.link_recipient refuses others), so the rule needs no
event condition, and the door's hot path can ask it as one indexed EXISTS.
"""
from sqlalchemy import exists, select

from ..extensions import db
from ..registration.models import Guest
from .models import AwardCategory, AwardRecipient


def is_award_recipient(guest_id):
    """SQL: the guest (a column such as Guest.id, or a value) receives at least one award. Badges
    seat them near the stage, the door and the dashboard flag their arrival."""
    return exists().where(AwardRecipient.guest_id == guest_id)


def recipient_guest_ids(event) -> set[int]:
    """Ids of the guests of this event who receive at least one award."""
    return set(db.session.execute(
        select(Guest.id).where(Guest.event_id == event.id, is_award_recipient(Guest.id))
    ).scalars())


def award_names(guest_ids) -> dict[int, list[str]]:
    """{guest id: names of the award categories they receive, in ceremony order, each once}."""
    if not guest_ids:
        return {}
    rows = db.session.execute(
        select(AwardRecipient.guest_id, AwardCategory.name)
        .join(AwardCategory, AwardCategory.id == AwardRecipient.category_id)
        .where(AwardRecipient.guest_id.in_(list(guest_ids)))
        .order_by(AwardCategory.position, AwardCategory.id)
    ).all()
    names: dict[int, dict[str, None]] = {}
    for guest_id, name in rows:
        names.setdefault(guest_id, {})[name] = None
    return {guest_id: list(ordered) for guest_id, ordered in names.items()}


def awards_for_guest(guest) -> list[str]:
    """Names of the award categories in which this guest is a recipient, in ceremony order."""
    return award_names({guest.id}).get(guest.id, [])
