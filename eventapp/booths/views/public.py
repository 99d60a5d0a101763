"""Public pages: the floor plan with the exhibitor directory, a cooperative's sign-up, and the
invitation link that sets an exhibitor's password."""
from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_user

from ...access import event_or_404, public
from ...errors import DomainError
from ...extensions import db, limiter
from ...forms import report_error
from .. import accounts, placement, plan
from ..blueprint import bp
from ..directory import directory_rows
from ..forms import SetPasswordForm, SignupForm
from ..svg import render_plan_svg, zone_colors


@bp.route("/e/<slug>/booths")
@public
def public_plan(slug):
    event = event_or_404(slug)
    booths = plan.list_booths(event)
    labels = placement.plan_labels(event)
    svg = render_plan_svg(booths, labels, mode="zone", short_labels=placement.plan_short_labels(event),
                          aria_label=_("Sơ đồ gian hàng %(event)s", event=event.name))
    return render_template("booths/public/plan.html", event=event, svg=svg, rows=directory_rows(event),
                           zones=zone_colors(b.zone for b in booths))


@bp.route("/e/<slug>/exhibitors/sign-up", methods=["GET", "POST"])
@public
@limiter.limit(lambda: current_app.config["REGISTER_RATE_LIMIT"], methods=["POST"])
def public_signup(slug):
    event = event_or_404(slug)
    form = SignupForm()
    if form.validate_on_submit():
        try:
            accounts.sign_up(event, cooperative_name=form.cooperative_name.data, sector=form.sector.data,
                             products=form.products.data, district=form.district.data,
                             full_name=form.full_name.data, email=form.email.data, phone=form.phone.data,
                             password=form.password.data, confirm=form.confirm.data)
        except DomainError as exc:
            db.session.rollback()
            report_error(exc, form)
        else:
            return render_template("booths/public/signed_up.html", event=event, email=form.email.data)
    return render_template("booths/public/signup.html", event=event, form=form)


@bp.route("/exhibitor/password/<token>", methods=["GET", "POST"])
@public
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def public_set_password(token):
    try:
        user = accounts.user_for_token(token)
    except DomainError as exc:
        return render_template("booths/public/set_password.html", form=None, error=exc.message), 400
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            user = accounts.set_password_with_token(token, form.password.data, form.confirm.data)
        except DomainError as exc:
            db.session.rollback()
            report_error(exc, form)
        else:
            login_user(user)
            flash(_("Đã đặt mật khẩu. Chào mừng %(name)s!", name=user.cooperative.name), "success")
            return redirect(url_for("booths.portal_home"))
    return render_template("booths/public/set_password.html", form=form, user=user, error=None)
