from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from ..access import public, safe_next
from ..extensions import limiter
from ..forms import report_error
from .forms import LoginForm
from .services import TooManyAttempts, authenticate, end_sessions

bp = Blueprint("auth", __name__)


def _home_for(user):
    return {
        "admin": url_for("admin.dashboard"),
        "door": url_for("admin.dashboard"),
        "exhibitor": url_for("admin.dashboard"),
    }.get(user.role, url_for("events.home"))


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = authenticate(form.email.data, form.password.data)
        except TooManyAttempts as exc:
            report_error(exc, form, fallback="password")
            return render_template("auth/login.html", form=form), 429
        if user is not None:
            login_user(user)
            return redirect(safe_next(request.args.get("next"), _home_for(user)))
        form.password.errors.append(_("Email hoặc mật khẩu không đúng."))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@public
def logout():
    if current_user.is_authenticated:
        end_sessions(current_user)  # a copy of the cookie must not outlive the logout
    logout_user()
    flash(_("Bạn đã đăng xuất."), "info")
    return redirect(url_for("events.home"))
