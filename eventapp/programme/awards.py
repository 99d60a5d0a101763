"""Award categories and their recipients: who is called to the stage, in what order, by whom.

A recipient is a person (name, position, organisation) or a collective (a cooperative...). When a
guest or a member cooperative of the event has the same name, the recipient is linked to it, so
that the badge and the door know the guest receives an award.
"""
from datetime import date

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from .. import audit
from ..booths.models import Cooperative
from ..errors import Conflict, DomainError, NotFound
from ..extensions import db
from ..registration.models import Guest
from ..text import clean, search_key
from .models import AWARD_KINDS, AwardCategory, AwardRecipient, ProgrammeItem
from .services import _move, renumber

CERTIFICATE_TEMPLATES = ("classic", "modern")
MAX_OFFSET_MM = 30  # a pre-printed sheet sits at most this far from where it should


# ----- categories ----------------------------------------------------------------------------------

def list_categories(event):
    return db.session.execute(
        db.select(AwardCategory).filter_by(event_id=event.id)
        .order_by(AwardCategory.position, AwardCategory.id)
    ).scalars().all()


def get_category(event, category_id):
    category = db.session.get(AwardCategory, category_id)
    if category is None or category.event_id != event.id:
        raise NotFound(_("Không tìm thấy hình thức khen thưởng."))
    return category


def _text(values, name, limit, required=False, message=None):
    text = clean(values.get(name)) or ""
    if required and not text:
        raise DomainError(message or _("Vui lòng điền mục này."), field=name)
    if len(text) > limit:
        raise DomainError(_("Quá dài (tối đa %(n)d ký tự).", n=limit), field=name)
    return text


def _category_values(event, values):
    data = dict(
        name=_text(values, "name", 255, required=True, message=_("Vui lòng nhập tên hình thức khen thưởng.")),
        awarding_body=_text(values, "awarding_body", 255),
        presenter=_text(values, "presenter", 500),
        certificate_text=(values.get("certificate_text") or "").strip(),
        kind=values.get("kind") or "certificate",
        certificate_template=values.get("certificate_template") or "classic",
    )
    data.update(certificate_values(values))
    if data["kind"] not in AWARD_KINDS:
        raise DomainError(_("Loại khen thưởng không hợp lệ."), field="kind")
    if data["certificate_template"] not in CERTIFICATE_TEMPLATES:
        raise DomainError(_("Mẫu giấy chứng nhận không hợp lệ."), field="certificate_template")
    item_id = values.get("programme_item_id") or None
    if item_id is not None:
        item = db.session.get(ProgrammeItem, int(item_id))
        if item is None or item.event_id != event.id:
            raise DomainError(_("Mục chương trình không thuộc sự kiện này."), field="programme_item_id")
    data["programme_item_id"] = item_id and int(item_id)
    return data


def _date(values, name):
    value = values.get(name)
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise DomainError(_("Ngày không hợp lệ (dạng YYYY-MM-DD)."), field=name) from None


def certificate_values(values):
    """What the certificates of a category carry besides the recipient (see models.AwardCategory)."""
    number = _text(values, "decision_number", 100)
    decision_date = _date(values, "decision_date")
    if decision_date and not number:
        raise DomainError(_("Vui lòng nhập số quyết định."), field="decision_number")
    offsets = {}
    for name in ("offset_x_mm", "offset_y_mm"):
        try:
            offsets[name] = float(values.get(name) or 0)
        except (TypeError, ValueError):
            raise DomainError(_("Độ lệch phải là một số (mm)."), field=name) from None
        if not -MAX_OFFSET_MM <= offsets[name] <= MAX_OFFSET_MM:
            raise DomainError(_("Độ lệch tối đa ±%(n)d mm.", n=MAX_OFFSET_MM), field=name)
    return dict(
        preprinted=bool(values.get("preprinted")), **offsets,
        national_heading=bool(values.get("national_heading")),
        decision_number=number, decision_date=decision_date,
        signing_place=_text(values, "signing_place", 100), signing_date=_date(values, "signing_date"),
        signer_title=_text(values, "signer_title", 255), signer_name=_text(values, "signer_name", 200),
    )


def _commit_category(category):
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(_("Đã có hình thức khen thưởng cùng tên trong sự kiện này."), field="name") from None
    return category


def create_category(event, **values):
    data = _category_values(event, values)
    last = db.session.execute(
        db.select(db.func.max(AwardCategory.position)).filter_by(event_id=event.id)
    ).scalar()
    category = AwardCategory(event_id=event.id, position=(last + 1) if last is not None else 0, **data)
    db.session.add(category)
    audit.record("award.category_create", "award_category", event=event, name=data["name"])
    return _commit_category(category)


def update_category(category, **values):
    data = _category_values(category.event, values)
    for name, value in data.items():
        setattr(category, name, value)
    audit.record("award.category_update", f"award_category:{category.id}", event=category.event_id,
                 name=category.name)
    return _commit_category(category)


def delete_category(category):
    audit.record("award.category_delete", f"award_category:{category.id}", event=category.event_id,
                 name=category.name, recipients=len(category.recipients))
    db.session.delete(category)
    db.session.commit()


def move_category(category, direction):
    categories = list_categories(category.event)
    if _move(categories, category, direction):
        # Category positions are not unique: a plain renumbering is enough.
        for index, each in enumerate(categories):
            each.position = index
        audit.record("award.category_move", f"award_category:{category.id}", event=category.event_id,
                     direction=direction)
    db.session.commit()


# ----- matching guests and cooperatives ------------------------------------------------------------

def guest_candidates(event, name, organization=""):
    """Guests of the event (not cancelled) whose name is the recipient's, diacritic-blind; those of
    the same organisation first."""
    key = search_key(name)
    if not key:
        return []
    guests = db.session.execute(
        db.select(Guest).where(Guest.event_id == event.id, Guest.status != "cancelled",
                               Guest.search_key.startswith(key, autoescape=True))
    ).scalars().all()
    same = [g for g in guests if search_key(g.full_name) == key]
    org = search_key(organization)
    return sorted(same, key=lambda g: (not org or search_key(g.organization) != org, g.id))


def cooperative_candidates(event, name):
    key = search_key(name)
    if not key:
        return []
    coops = db.session.execute(
        db.select(Cooperative).where(Cooperative.organiser_id == event.organiser_id,
                                     Cooperative.search_key.startswith(key, autoescape=True))
    ).scalars().all()
    return [c for c in coops if search_key(c.name) == key]


def suggested_links(event, is_collective, name, organization):
    """(guest, cooperative) to link when the match is unambiguous; None where it is not."""
    guest = coop = None
    if is_collective:
        coops = cooperative_candidates(event, name)
    else:
        guests = guest_candidates(event, name, organization)
        org = search_key(organization)
        if len(guests) == 1:
            guest = guests[0]
        elif org:
            same_org = [g for g in guests if search_key(g.organization) == org]
            guest = same_org[0] if len(same_org) == 1 else None
        coops = cooperative_candidates(event, organization)
    if len(coops) == 1:
        coop = coops[0]
    return guest, coop


# ----- recipients ----------------------------------------------------------------------------------

def get_recipient(category, recipient_id):
    recipient = db.session.get(AwardRecipient, recipient_id)
    if recipient is None or recipient.category_id != category.id:
        raise NotFound(_("Không tìm thấy người nhận."))
    return recipient


def recipient_values(values):
    return dict(
        name=_text(values, "name", 255, required=True, message=_("Vui lòng nhập tên người hoặc đơn vị nhận.")),
        title=_text(values, "title", 255),
        organization=_text(values, "organization", 255),
        is_collective=bool(values.get("is_collective")),
    )


def _next_position(category):
    last = db.session.execute(
        db.select(db.func.max(AwardRecipient.position)).filter_by(category_id=category.id)
    ).scalar()
    return (last or 0) + 1


def add_recipient(category, commit=True, **values):
    """Adds a recipient at the end of the calling order, linked to a matching guest or cooperative."""
    data = recipient_values(values)
    guest, coop = suggested_links(category.event, data["is_collective"], data["name"], data["organization"])
    recipient = AwardRecipient(category_id=category.id, position=_next_position(category),
                               guest_id=guest and guest.id, cooperative_id=coop and coop.id, **data)
    db.session.add(recipient)
    db.session.flush()
    audit.record("award.recipient_add", f"award_recipient:{recipient.id}", event=category.event_id,
                 category=category.name, name=recipient.name)
    if commit:
        db.session.commit()
    return recipient


def update_recipient(recipient, **values):
    data = recipient_values(values)
    renamed = (data["name"], data["organization"], data["is_collective"]) != (
        recipient.name, recipient.organization, recipient.is_collective)
    for name, value in data.items():
        setattr(recipient, name, value)
    if renamed:
        guest, coop = suggested_links(recipient.category.event, recipient.is_collective, recipient.name,
                                      recipient.organization)
        recipient.guest_id = guest and guest.id
        recipient.cooperative_id = coop and coop.id
    audit.record("award.recipient_update", f"award_recipient:{recipient.id}",
                 event=recipient.category.event_id, name=recipient.name)
    db.session.commit()
    return recipient


def delete_recipient(recipient):
    category = recipient.category
    audit.record("award.recipient_delete", f"award_recipient:{recipient.id}", event=category.event_id,
                 category=category.name, name=recipient.name)
    category.recipients.remove(recipient)
    db.session.flush()
    renumber(list(category.recipients))
    db.session.commit()


def move_recipient(recipient, direction):
    """One place earlier (up) or later (down) in the calling order."""
    category = recipient.category
    ordered = list(category.recipients)
    if _move(ordered, recipient, direction):
        renumber(ordered)
        audit.record("award.recipient_move", f"award_recipient:{recipient.id}", event=category.event_id,
                     direction=direction, position=recipient.position)
    db.session.commit()
    db.session.expire(category, ["recipients"])


def link_recipient(recipient, guest_id=None, cooperative_id=None):
    """Links a recipient to a guest and/or a cooperative of the same event (None unlinks)."""
    event_id = recipient.category.event_id
    if guest_id:
        guest = db.session.get(Guest, int(guest_id))
        if guest is None or guest.event_id != event_id:
            raise DomainError(_("Khách không thuộc sự kiện này."), field="guest_id")
    if cooperative_id:
        coop = db.session.get(Cooperative, int(cooperative_id))
        if coop is None or coop.event_id != event_id:
            raise DomainError(_("HTX không thuộc sự kiện này."), field="cooperative_id")
    recipient.guest_id = int(guest_id) if guest_id else None
    recipient.cooperative_id = int(cooperative_id) if cooperative_id else None
    audit.record("award.recipient_link", f"award_recipient:{recipient.id}", event=event_id,
                 guest_id=recipient.guest_id, cooperative_id=recipient.cooperative_id)
    db.session.commit()
    return recipient


def link_matching(category):
    """Links every unlinked recipient of the category whose match is unambiguous; returns how many."""
    linked = 0
    for recipient in category.recipients:
        guest, coop = suggested_links(category.event, recipient.is_collective, recipient.name,
                                      recipient.organization)
        changed = False
        if recipient.guest_id is None and guest is not None:
            recipient.guest_id, changed = guest.id, True
        if recipient.cooperative_id is None and coop is not None:
            recipient.cooperative_id, changed = coop.id, True
        linked += changed
    audit.record("award.link_matching", f"award_category:{category.id}", event=category.event_id, linked=linked)
    db.session.commit()
    return linked
