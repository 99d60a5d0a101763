"""Staff accounts of an organiser: invitations, roles, deactivation, sessions; and, for the install's
own administrator, the organisers that share the install."""
from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_user

from ..access import blueprint_roles, current_organiser, public
from ..cooperatives.models import Cooperative
from ..errors import DomainError
from ..events.models import Event
from ..extensions import db, limiter
from ..forms import choices, report_error
from ..text import slugify
from . import invitations, services
from .forms import AcceptForm, AccessForm, InviteForm, OrganiserForm

bp = blueprint_roles(Blueprint("staff", __name__), "admin")


def _event_choices(organiser, everything=True):
    every = [(0, _("Mọi sự kiện của đơn vị"))] if everything else []
    return choices(every + [(e.id, e.name) for e in services.organiser_events(organiser)])


def _event(event_id):
    """The organiser's event a form names, None for 'every event'; another's is refused by the service."""
    return db.session.get(Event, event_id) if event_id else None


# ----- the organiser's staff ----------------------------------------------------------------------

@bp.route("/admin/staff/")
def staff_list():
    organiser = current_organiser()
    filters = {"role": request.args.get("role", ""), "state": request.args.get("state", ""),
               "q": (request.args.get("q") or "")[:200]}
    rows = services.list_staff(organiser, **filters) if organiser is not None else []
    return render_template("staff/list.html", organiser=organiser, rows=rows, filters=filters)


@bp.route("/admin/staff/invite", methods=["GET", "POST"])
def staff_invite():
    organiser = current_organiser()
    if organiser is None:
        return redirect(url_for("staff.staff_list"))
    form = InviteForm()
    form.event_id.choices = _event_choices(organiser)
    form.cooperative_id.choices = choices([(0, _("(không: ban tổ chức, cán bộ cổng)"))] + [
        (c.id, c.name) for c in services.free_cooperatives(organiser)])
    if form.validate_on_submit():
        coop = db.session.get(Cooperative, form.cooperative_id.data) if form.cooperative_id.data else None
        try:
            user = services.invite(organiser, email=form.email.data, full_name=form.full_name.data,
                                   role=form.role.data, event=_event(form.event_id.data),
                                   cooperative=coop if form.role.data == "exhibitor" else None)
        except DomainError as exc:
            db.session.rollback()
            report_error(exc, form)
        else:
            flash(_("Đã gửi lời mời tới %(email)s.", email=user.email), "success")
            return redirect(url_for("staff.staff_detail", user_id=user.id))
    return render_template("staff/invite.html", organiser=organiser, form=form)


@bp.route("/admin/staff/<int:user_id>", methods=["GET", "POST"])
def staff_detail(user_id):
    organiser = current_organiser()
    user = services.get_staff(organiser, user_id)
    form = AccessForm()
    if request.method == "GET":
        form.role.data, form.event_id.data = user.role, user.event_id or 0
    form.event_id.choices = _event_choices(organiser)
    if user.role != "exhibitor" and form.validate_on_submit():
        try:
            services.change_access(organiser, user, role=form.role.data,
                                   event=_event(form.event_id.data), actor=g.principal.user)
        except DomainError as exc:
            db.session.rollback()
            report_error(exc, form)
        else:
            flash(_("Đã cập nhật vai trò và phạm vi của %(name)s.", name=user.full_name or user.email), "success")
            return redirect(url_for("staff.staff_detail", user_id=user.id))
    return render_template("staff/detail.html", organiser=organiser, user=user, form=form,
                           state=services.staff_state(user), is_self=g.principal.user.id == user.id)


ACTIONS = {
    "resend": (lambda o, u: services.resend_invitation(o, u), _l("Đã gửi lại lời mời (liên kết mới) tới %(email)s.")),
    "reset-password": (lambda o, u: services.reset_password(o, u),
                       _l("Đã đặt lại mật khẩu: %(email)s đã bị đăng xuất và sẽ nhận liên kết đặt mật khẩu mới.")),
    "deactivate": (lambda o, u: services.deactivate(o, u, actor=g.principal.user),
                   _l("Đã khoá tài khoản %(email)s và đăng xuất khỏi mọi thiết bị.")),
    "reactivate": (lambda o, u: services.reactivate(o, u), _l("Đã mở khoá tài khoản %(email)s.")),
    "log-out-everywhere": (lambda o, u: services.log_out_everywhere(o, u),
                           _l("%(email)s đã được đăng xuất khỏi mọi thiết bị.")),
}


@bp.route("/admin/staff/<int:user_id>/<action>", methods=["POST"])
def staff_action(user_id, action):
    organiser = current_organiser()
    user = services.get_staff(organiser, user_id)
    if action not in ACTIONS:
        abort(404)
    do, done = ACTIONS[action]
    try:
        do(organiser, user)
    except DomainError as exc:
        db.session.rollback()
        report_error(exc)
    else:
        flash(str(done) % {"email": user.email}, "success")
    return redirect(url_for("staff.staff_detail", user_id=user.id))


# ----- the invitation link (public) ---------------------------------------------------------------

@bp.route("/staff/invitation/<token>", methods=["GET", "POST"])
@public
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def public_accept(token):
    try:
        user = invitations.user_for_token(token)
    except DomainError as exc:
        return render_template("staff/accept.html", form=None, user=None, error=exc.message), 400
    form = AcceptForm()
    if form.validate_on_submit():
        try:
            user = invitations.accept(token, form.password.data, form.confirm.data)
        except DomainError as exc:
            db.session.rollback()
            report_error(exc, form)
        else:
            login_user(user)
            flash(_("Đã đặt mật khẩu. Chào mừng %(name)s!", name=user.full_name or user.email), "success")
            return redirect(url_for("admin.dashboard"))
    return render_template("staff/accept.html", form=form, user=user, error=None)


# ----- the organisers of the install (its own administrator only) ---------------------------------

def _install_admin_only():
    if not g.principal.whole_install:
        abort(403)


@bp.route("/admin/organisers/")
def organisers():
    _install_admin_only()
    acting = current_organiser()
    return render_template("staff/organisers.html", rows=services.organisers_with_counts(), acting=acting)


@bp.route("/admin/organisers/new", methods=["GET", "POST"])
def organiser_new():
    _install_admin_only()
    form = OrganiserForm()
    if request.method == "POST" and request.form.get("propose") is not None:
        form.slug.data = slugify(form.organiser.data or "")  # a proposal only: nothing is created
    elif form.validate_on_submit():
        try:
            organiser, user = services.create_organiser(form.organiser.data, form.slug.data,
                                                        email=form.email.data, full_name=form.full_name.data)
        except DomainError as exc:
            db.session.rollback()
            report_error(exc, form)
        else:
            session["organiser_id"] = organiser.id
            flash(_("Đã tạo %(name)s và gửi lời mời tới %(email)s.", name=organiser.name, email=user.email),
                  "success")
            return redirect(url_for("staff.organisers"))
    return render_template("staff/organiser_new.html", form=form)


@bp.route("/admin/organisers/<int:organiser_id>/act", methods=["POST"])
def organiser_act(organiser_id):
    _install_admin_only()
    from ..events.organisers import get_organiser

    organiser = get_organiser(organiser_id if organiser_id < 2**31 else None)
    session["organiser_id"] = organiser.id  # what access.current_organiser() reads
    flash(_("Bạn đang làm việc cho %(name)s.", name=organiser.name), "success")
    return redirect(url_for("staff.organisers"))
