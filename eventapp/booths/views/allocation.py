"""Organiser pages: applications, exhibitor accounts, the allocator and manual changes."""
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...access import event_or_404
from ...errors import DomainError, NotFound
from ...extensions import db
from ...forms import choices, report_error
from ...jobs.views import job_started
from .. import accounts, applications, bulk, placement, plan
from ..blueprint import bp
from ..forms import AllocateForm, InviteForm
from ..models import Cooperative

PREFIX = "/admin/e/<slug>/booths"
STATUS_FILTERS = ("submitted", "approved", "rejected", "withdrawn")


@bp.route(f"{PREFIX}/applications")
def application_list(slug):
    event = event_or_404(slug)
    status = request.args.get("status") if request.args.get("status") in STATUS_FILTERS else None
    rows = [(a, placement.booths_of(a)) for a in applications.list_applications(event, status)]
    return render_template("booths/admin/applications.html", event=event, rows=rows, status=status,
                           counts=applications.status_counts(event), filters=STATUS_FILTERS)


@bp.route(f"{PREFIX}/applications/<int:application_id>")
def application_detail(slug, application_id):
    event = event_or_404(slug)
    application = applications.get_application(event, application_id)
    return render_template("booths/admin/application.html", event=event, application=application,
                           booths=placement.booths_of(application), wishes=placement.explain(application))


@bp.route(f"{PREFIX}/applications/<int:application_id>/status", methods=["POST"])
def application_status(slug, application_id):
    event = event_or_404(slug)
    application = applications.get_application(event, application_id)
    try:
        applications.decide_application(application, request.form.get("status", ""))
    except DomainError as exc:
        report_error(exc)
    else:
        flash(_("Đã cập nhật đơn của %(name)s.", name=application.cooperative.name), "success")
    return redirect(url_for("booths.application_detail", slug=slug, application_id=application_id))


@bp.route(f"{PREFIX}/applications/approve-all", methods=["POST"])
def approve_all(slug):
    event = event_or_404(slug)
    count = applications.approve_all_submitted(event)
    flash(_("Đã duyệt %(n)d đơn.", n=count), "success")
    return redirect(url_for("booths.application_list", slug=slug))


@bp.route(f"{PREFIX}/allocate", methods=["POST"])
def allocate(slug):
    """Starts a preview run; nothing changes until the organiser confirms it on the job's page."""
    event = event_or_404(slug)
    form = AllocateForm()
    if not form.validate_on_submit():
        flash(_("Thời gian tối đa từ 1 đến %(n)d giây.", n=bulk.MAX_SECONDS), "error")
        return redirect(url_for("booths.overview", slug=slug))
    return job_started(event, bulk.start_allocation(event, form.time_limit.data, user=current_user,
                                                    mode=form.mode.data))


@bp.route(f"{PREFIX}/allocate/<int:job_id>/confirm", methods=["POST"])
def allocate_confirm(slug, job_id):
    """Applies the previewed plan of that job, exactly; refused when the data changed since."""
    event = event_or_404(slug)
    try:
        applied = bulk.confirm_preview(event, job_id)
    except NotFound:
        raise  # no such plan: the 404 page
    except DomainError as exc:
        report_error(exc)
        return redirect(url_for("jobs.job_page", slug=slug, job_id=job_id), code=303)
    flash(_("Đã áp dụng phương án: %(placed)d đơn vị được xếp mới, %(moved)d chuyển gian, %(removed)d mất gian; "
            "%(messages)d thư báo đã được xếp hàng gửi.", placed=applied.placed, moved=applied.moved,
            removed=applied.removed, messages=applied.messages), "success")
    return redirect(url_for("booths.overview", slug=slug), code=303)


@bp.route(f"{PREFIX}/lock-all", methods=["POST"])
def lock_all(slug):
    event = event_or_404(slug)
    count = placement.lock_all(event)
    flash(_("Đã khoá %(n)d gian: chạy lại bộ xếp gian sẽ giữ nguyên.", n=count), "success")
    return redirect(url_for("booths.overview", slug=slug))


def _do_action(event, booth, action, form):
    """Runs one manual change; returns warnings to show."""
    if action == "assign":
        application = applications.get_application(event, int(form.get("application_id") or 0))
        return placement.assign(booth, application, locked=bool(form.get("locked")))
    if action in ("move", "swap"):
        target = plan.booth_by_code(event, form.get("target", ""))
        return placement.move(booth, target) if action == "move" else placement.swap(booth, target)
    if action == "unassign":
        placement.unassign(booth)
    elif action in ("hold", "release", "block", "unblock"):
        placement.set_status(booth, {"hold": "held", "block": "blocked"}.get(action, "free"))
    elif action in ("lock", "unlock"):
        placement.set_locked(booth, action == "lock")
    else:
        abort(400)
    return []


@bp.route(f"{PREFIX}/<int:booth_id>/action", methods=["POST"])
def booth_action(slug, booth_id):
    event = event_or_404(slug)
    booth = plan.get_booth(event, booth_id)
    try:
        warnings = _do_action(event, booth, request.form.get("action", ""), request.form)
    except DomainError as exc:
        db.session.rollback()
        report_error(exc)
    else:
        flash(_("Đã cập nhật gian %(code)s.", code=booth.code), "success")
        for warning in warnings:
            flash(_("Lưu ý: %(warning)s", warning=warning), "error")
    return redirect(url_for("booths.booth_detail", slug=slug, booth_id=booth.id))


# ----- exhibitor accounts -------------------------------------------------------------------------

def _link_for(token):
    return accounts.set_password_link(token)


def _login_url():
    base = current_app.config.get("PUBLIC_BASE_URL")
    return base.rstrip("/") + url_for("auth.login") if base else url_for("auth.login", _external=True)


@bp.route(f"{PREFIX}/exhibitors")
def exhibitors(slug):
    event = event_or_404(slug)
    return render_template("booths/admin/exhibitors.html", event=event, accounts=accounts.list_accounts(event))


@bp.route(f"{PREFIX}/exhibitors/invite", methods=["GET", "POST"])
def invite(slug):
    event = event_or_404(slug)
    form = InviteForm()
    form.cooperative_id.choices = choices([(0, _("(hợp tác xã mới, nhập tên bên dưới)"))] + [
        (c.id, c.name) for c in accounts.cooperatives_without_account(event)])
    if form.validate_on_submit():
        coop = db.session.get(Cooperative, form.cooperative_id.data) if form.cooperative_id.data else None
        try:
            account = accounts.invite(event, email=form.email.data, full_name=form.full_name.data, cooperative=coop,
                                      cooperative_name=form.cooperative_name.data, sector=form.sector.data,
                                      products=form.products.data, link_for=_link_for)
        except DomainError as exc:
            db.session.rollback()
            report_error(exc, form)
        else:
            flash(_("Đã gửi lời mời tới %(email)s.", email=account.user.email), "success")
            return redirect(url_for("booths.exhibitors", slug=slug))
    return render_template("booths/admin/invite.html", event=event, form=form)


@bp.route(f"{PREFIX}/exhibitors/<int:account_id>/decide", methods=["POST"])
def exhibitor_decide(slug, account_id):
    event = event_or_404(slug)
    try:
        account = accounts.get_account(event, account_id)
        if request.form.get("decision") == "resend":
            accounts.resend_invitation(account, _link_for)
            flash(_("Đã gửi lại lời mời."), "success")
        else:
            accounts.decide(account, request.form.get("decision") == "approve", _login_url())
            flash(_("Đã cập nhật tài khoản của %(name)s.", name=account.cooperative.name), "success")
    except DomainError as exc:
        report_error(exc)
    return redirect(url_for("booths.exhibitors", slug=slug))
