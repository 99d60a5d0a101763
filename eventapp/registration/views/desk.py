"""The guest desk: the guest page's own actions (attention flag, reinstate, print the badge) and the
actions on the guests ticked in the list, each shown with its count for confirmation first."""
from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...access import event_or_404
from ...errors import DomainError
from ...jobs.services import JobRunning
from ...jobs.views import job_started
from .. import bulk, queries, services
from ..blueprint import bp
from .admin import _back


@bp.route("/admin/e/<slug>/guests/<int:guest_id>/attention", methods=["POST"])
def admin_attention(slug, guest_id):
    event = event_or_404(slug)
    guest = queries.get_guest(event, guest_id)
    services.set_needs_attention(guest, request.form.get("needs_attention") == "y")
    flash(_("Đã đánh dấu %(name)s là khách cần chú ý (VIP).", name=guest.full_name) if guest.needs_attention
          else _("Đã bỏ đánh dấu cần chú ý của %(name)s.", name=guest.full_name), "success")
    return _back(event, guest)


@bp.route("/admin/e/<slug>/guests/<int:guest_id>/reinstate", methods=["POST"])
def admin_reinstate(slug, guest_id):
    event = event_or_404(slug)
    guest = queries.get_guest(event, guest_id)
    try:
        services.reinstate_guest(guest)
    except DomainError as exc:
        flash(exc.message, "error")
    else:
        _reinstated(guest)
    return _back(event, guest)


def _reinstated(guest):
    if guest.status == "registered":
        flash(_("Đã khôi phục đăng ký của %(name)s.", name=guest.full_name), "success")
    else:
        flash(_("Đã khôi phục đăng ký của %(name)s, nhưng thành phần đã đủ chỗ: khách vào danh sách chờ.",
                name=guest.full_name), "info")


@bp.route("/admin/e/<slug>/guests/<int:guest_id>/badge.pdf", methods=["POST"])
def admin_badge(slug, guest_id):
    """Prints one badge, counted as a print run (the door then offers "reprint", not "print")."""
    event = event_or_404(slug)
    guest = queries.get_guest(event, guest_id)
    if guest.status != "registered":
        flash(_("Chỉ khách đã đăng ký (đã xác nhận) mới có thẻ: không có thẻ nào để in."), "error")
        return _back(event, guest)
    data, _batch = bulk.print_badges(event, [guest], request.form.get("layout") or "a6")
    return Response(data, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="the-{event.slug}-{guest.id}.pdf"',
        "Cache-Control": "private, no-store"})


@bp.route("/admin/e/<slug>/guests/bulk", methods=["POST"])
def admin_bulk(slug):
    """First post: the confirmation (what, to how many, who). Second post (confirm): done."""
    event = event_or_404(slug)
    back = redirect(url_for("registration.admin_guests", slug=slug, **_list_args(request.form)))
    action = request.form.get("action", "")
    try:
        if action not in bulk.ACTIONS:
            raise DomainError(_("Vui lòng chọn một thao tác."))
        guests = queries.selected_guests(event, bulk.parse_ids(request.form.getlist("guest")))
        if not guests:
            raise DomainError(_("Vui lòng chọn ít nhất một khách."))
        category = None
        if action == "category":
            category = queries.get_category(event, _int(request.form.get("to_category")))
            if category is None:
                raise DomainError(_("Vui lòng chọn thành phần tham dự."))
    except DomainError as exc:
        flash(exc.message, "error")
        return back
    if request.form.get("confirm") != "y":
        # The count is of the guests the action changes; the others are named as left alone.
        changed, left_alone = [], []
        for guest in guests:
            (changed if bulk.applies(action, guest, category) else left_alone).append(guest)
        if not changed:
            flash(_("Không khách nào trong số đã chọn thuộc diện thao tác này: không có gì thay đổi."), "error")
            return back
        return render_template("registration/admin/bulk_confirm.html", event=event, action=action,
                               guests=changed, left_alone=left_alone, category=category, args=_list_args(request.form))
    return _run(event, action, guests, category) or back


def _run(event, action, guests, category):
    if action in ("resend", "badges"):
        start = bulk.start_resend if action == "resend" else bulk.start_badges
        try:
            job = start(event, guests, user=current_user)
        except JobRunning:
            raise  # the running job's page (jobs.views)
        except DomainError as exc:
            flash(exc.message, "error")
            return None
        return job_started(event, job)
    outcome = bulk.apply_action(event, action, guests, category)
    done = {"approve": _("Đã duyệt %(n)d khách."), "cancel": _("Đã huỷ đăng ký của %(n)d khách."),
            "category": _("Đã chuyển %(n)d khách sang thành phần mới.")}[action]
    flash(done % {"n": len(outcome.done)}, "success" if outcome.done else "info")
    for name, reason in outcome.skipped:
        flash(_("Bỏ qua %(name)s: %(reason)s", name=name, reason=reason), "error")
    for name in outcome.promoted:
        flash(_("%(name)s được chuyển từ danh sách chờ sang đã đăng ký.", name=name), "info")
    return None


def _int(value):
    return int(value) if value and value.isdigit() and int(value) <= queries.MAX_ID else None


def _list_args(form):
    """The list's filters and page, kept across the bulk action."""
    return {k: form[k] for k in ("q", "category", "status", "checked_in", "page") if form.get(k)}

