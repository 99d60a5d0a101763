"""Letters to exhibitors whose booths an allocation changed: newly placed, moved, or left without a
booth. Queued in the caller's transaction, so that they leave only if the change is committed."""
from flask_babel import force_locale
from flask_babel import gettext as _

from ..extensions import db
from ..mail import Letter, letter_html, letter_text
from ..messages.services import queue_message
from .models import BoothApplication, ExhibitorAccount

LETTER_LOCALE = "vi"  # exhibitors are member cooperatives: Vietnamese


def recipients(event, cooperative):
    """The exhibitor accounts of the cooperative for this event (in use), else its own e-mail."""
    accounts = db.session.execute(
        db.select(ExhibitorAccount).where(ExhibitorAccount.event_id == event.id,
                                          ExhibitorAccount.cooperative_id == cooperative.id,
                                          ExhibitorAccount.status.in_(("active", "invited")))
        .order_by(ExhibitorAccount.id)).scalars().all()
    found = [(a.user.email, a.user) for a in accounts if a.user.active and a.user.email]
    if not found and cooperative.email:
        found = [(cooperative.email, None)]
    return found


def _letter(event, change, coop):
    codes_before, codes_after = ", ".join(change["before"]), ", ".join(change["after"])
    if change["kind"] == "placed":
        subject = _("Thông báo vị trí gian hàng – %(event)s", event=event.name)
        text = _("Ban tổ chức %(event)s trân trọng thông báo: %(coop)s được xếp gian %(codes)s.",
                 event=event.name, coop=coop.name, codes=codes_after)
    elif change["kind"] == "moved":
        subject = _("Thay đổi vị trí gian hàng – %(event)s", event=event.name)
        text = _("Ban tổ chức %(event)s trân trọng thông báo: gian hàng của %(coop)s được chuyển từ gian "
                 "%(before)s sang gian %(after)s. Ban tổ chức mong Quý đơn vị thông cảm.",
                 event=event.name, coop=coop.name, before=codes_before, after=codes_after)
    else:
        subject = _("Thay đổi vị trí gian hàng – %(event)s", event=event.name)
        text = _("Ban tổ chức %(event)s rất tiếc thông báo: trong phương án xếp gian mới, %(coop)s chưa được "
                 "xếp gian (trước đây: gian %(before)s). Ban tổ chức sẽ liên hệ với Quý đơn vị.",
                 event=event.name, coop=coop.name, before=codes_before)
    letter = Letter(greeting=_("Kính gửi Quý đơn vị %(coop)s,", coop=coop.name), paragraphs=[text],
                    after=[_("Vị trí gian hàng xem trên sơ đồ ở trang đơn vị trưng bày.")],
                    closing=_("Trân trọng,"), signature=event.organiser or event.name)
    return subject, letter


def queue_allocation_messages(event, changes):
    """One letter per recipient of each changed exhibitor; returns how many were queued."""
    count = 0
    with force_locale(LETTER_LOCALE):
        for change in changes:
            application = db.session.get(BoothApplication, change["application_id"])
            coop = application.cooperative
            subject, letter = _letter(event, change, coop)
            kind = "exhibitor.placed" if change["kind"] == "placed" else "exhibitor.moved"
            for address, user in recipients(event, coop):
                queue_message(address, subject, letter_text(letter), kind=kind, event=event, user=user,
                              body_html=letter_html(letter, LETTER_LOCALE, subject))
                count += 1
    return count
