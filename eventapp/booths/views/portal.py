"""The exhibitor's pages: its application, its place on the plan, self-selection, booth staff."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...access import event_scope, roles
from ...errors import DomainError
from ...extensions import db
from ...forms import choices, report_error
from ...i18n import current_locale
from ...registration.contact import display_phone
from .. import applications, placement, plan, portal
from ..applications import Wish
from ..blueprint import bp
from ..forms import ApplicationForm, StaffForm
from ..svg import render_plan_svg, zone_colors
from .plan import booth_title

PREFIX = "/exhibitor"


def _cooperative():
    coop = current_user.cooperative
    if coop is None:
        abort(403)
    event = current_user.event
    if event is None:
        abort(403)
    event_scope(event)
    return event, coop


def _plan(event, mine, selectable):
    booths = plan.list_booths(event)
    labels = placement.plan_labels(event)
    links = {b.id: url_for("booths.portal_pick", booth_id=b.id) for b in booths if b.id in selectable}
    svg = render_plan_svg(booths, labels, mode="zone", highlight={b.id for b in mine}, links=links,
                          short_labels=placement.plan_short_labels(event),
                          titles={b.id: booth_title(b, labels) for b in booths}, selectable=selectable,
                          aria_label=_("Sơ đồ gian hàng %(event)s", event=event.name))
    return {"svg": svg, "mode": "zone", "zones": zone_colors(b.zone for b in booths), "booths": booths}


@bp.route(f"{PREFIX}/")
@roles("exhibitor")
def portal_home():
    event, coop = _cooperative()
    application = applications.application_of(event, coop)
    mine = placement.booths_of(application) if application else []
    selectable, need = portal.open_booths(event, application) if event.booth_self_selection else (set(), 0)
    can_pick = bool(need)
    return render_template(
        "booths/portal/home.html", event=event, coop=coop, application=application, mine=mine,
        wishes=placement.explain(application) if application else [], plan=_plan(event, mine, selectable),
        can_pick=can_pick, need=need, selectable=selectable, labels=placement.plan_labels(event),
        picked=[b for b in mine if placement.assignment_of(b).source == "self"],
        staff=portal.list_staff(event, coop), staff_limit=portal.staff_limit(event, coop),
        staff_form=StaffForm(), display_phone=display_phone)


def _wish_choices(event):
    wishes = [("", _("(không chọn)"))]
    wishes += [(f"zone:{z}", _("Khu %(zone)s", zone=z)) for z in plan.zones(event)]
    wishes += [(f"booth:{b.id}", _("Gian %(code)s (%(zone)s)", code=b.code, zone=b.zone))
               for b in plan.list_booths(event) if b.status != "blocked"]
    return choices(wishes)


@bp.route(f"{PREFIX}/application", methods=["GET", "POST"])
@roles("exhibitor")
def portal_apply():
    event, coop = _cooperative()
    application = applications.application_of(event, coop)
    if application is not None and application.status in ("approved", "rejected") and request.method == "POST":
        flash(_("Đơn đã được ban tổ chức xét; liên hệ ban tổ chức để thay đổi."), "error")
        return redirect(url_for("booths.portal_home"))
    form = ApplicationForm(obj=application) if application else ApplicationForm(sector=coop.sector,
                                                                                 products=coop.products)
    choices = _wish_choices(event)
    for field in form.wish_fields():
        field.choices = choices
    if request.method == "GET" and application is not None:
        for field, pref in zip(form.wish_fields(), application.preferences):
            field.data = f"zone:{pref.zone}" if pref.zone else f"booth:{pref.booth_id}"
    if form.validate_on_submit():
        try:
            applications.submit_application(
                event, coop, sector=form.sector.data, products=form.products.data,
                booths_wanted=form.booths_wanted.data, needs_corner=form.needs_corner.data,
                needs_power=form.needs_power.data, needs_water=form.needs_water.data,
                wishes=[Wish.parse(f.data) for f in form.wish_fields()], notes=form.notes.data)
        except DomainError as exc:
            db.session.rollback()
            report_error(exc, form)
        else:
            flash(_("Đã gửi đơn đăng ký gian hàng."), "success")
            return redirect(url_for("booths.portal_home"))
    return render_template("booths/portal/apply.html", event=event, coop=coop, form=form, application=application,
                           sectors=applications.known_sectors(event))


@bp.route(f"{PREFIX}/application/withdraw", methods=["POST"])
@roles("exhibitor")
def portal_withdraw():
    event, coop = _cooperative()
    application = applications.application_of(event, coop)
    if application is not None:
        applications.withdraw_application(application)
        flash(_("Đã rút đơn đăng ký; các gian đã giữ được trả lại."), "success")
    return redirect(url_for("booths.portal_home"))


@bp.route(f"{PREFIX}/booths/<int:booth_id>/pick", methods=["GET", "POST"])
@roles("exhibitor")
def portal_pick(booth_id):
    """GET asks to confirm (so that it works without JavaScript); POST takes the booth."""
    event, coop = _cooperative()
    booth = plan.get_booth(event, booth_id)
    if request.method == "POST":
        try:
            portal.pick_booth(event, coop, booth)
        except DomainError as exc:
            db.session.rollback()
            report_error(exc)
            return redirect(url_for("booths.portal_home"), 303)
        flash(_("Bạn đã chọn gian %(code)s.", code=booth.code), "success")
        return redirect(url_for("booths.portal_home"), 303)
    application = applications.application_of(event, coop)
    warning = portal.zone_warning(event, application, booth) if application else None
    return render_template("booths/portal/pick.html", event=event, booth=booth, warning=warning,
                           title=booth_title(booth, placement.plan_labels(event)))


@bp.route(f"{PREFIX}/booths/<int:booth_id>/release", methods=["POST"])
@roles("exhibitor")
def portal_release(booth_id):
    event, coop = _cooperative()
    booth = plan.get_booth(event, booth_id)
    try:
        portal.release_booth(event, coop, booth)
    except DomainError as exc:
        report_error(exc)
    else:
        flash(_("Đã trả lại gian %(code)s.", code=booth.code), "success")
    return redirect(url_for("booths.portal_home"))


@bp.route(f"{PREFIX}/staff", methods=["POST"])
@roles("exhibitor")
def portal_staff_add():
    event, coop = _cooperative()
    form = StaffForm()
    if form.validate_on_submit():
        try:
            guest = portal.register_staff(event, coop, full_name=form.full_name.data, email=form.email.data,
                                          phone=form.phone.data, locale=current_locale())
        except DomainError as exc:
            db.session.rollback()
            report_error(exc)
        else:
            flash(_("Đã đăng ký %(name)s làm nhân viên gian hàng.", name=guest.full_name), "success")
    else:
        for errors in form.errors.values():
            for error in errors:
                flash(error, "error")
    return redirect(url_for("booths.portal_home") + "#staff")


@bp.route(f"{PREFIX}/staff/<int:guest_id>/remove", methods=["POST"])
@roles("exhibitor")
def portal_staff_remove(guest_id):
    event, coop = _cooperative()
    try:
        portal.remove_staff(event, coop, guest_id)
    except DomainError as exc:
        report_error(exc)
    else:
        flash(_("Đã huỷ đăng ký nhân viên."), "success")
    return redirect(url_for("booths.portal_home") + "#staff")
