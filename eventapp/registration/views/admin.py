"""The organisers' guest pages: list, add, edit, approve, cancel, resend, import, export."""
from flask import Response, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...access import event_or_404
from ...checkin.queries import guest_admissions
from ...errors import Conflict, DomainError, NotFound
from ...forms import report_error
from ...jobs.services import JobRunning
from ...jobs.views import job_started
from ...messages.services import guest_messages
from .. import bulk, exporting, importing, queries, resend, services
from ..blueprint import bp
from ..contact import display_phone
from ..forms import GuestForm, ImportConfirmForm, ImportForm
from .public import category_choices


def _back(event, guest=None):
    if guest is not None:
        return redirect(url_for("registration.admin_guest", slug=event.slug, guest_id=guest.id))
    return redirect(url_for("registration.admin_guests", slug=event.slug))


@bp.route("/admin/e/<slug>/guests")
def admin_guests(slug):
    event = event_or_404(slug)
    filters = queries.GuestFilters.from_args(request.args)
    try:
        number = queries.parse_page(request.args.get("page")) or 1
    except DomainError:
        number = 1
    checked = queries.checked_in_ids(event)
    page = queries.search_guests(event, filters, page=number, checked=checked)
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template("registration/admin/guests.html", event=event, page=page, filters=filters,
                           counts=queries.category_counts(event, checked), args=args)


@bp.route("/admin/e/<slug>/guests/counts.json")
def admin_counts(slug):
    event = event_or_404(slug)
    rows = queries.category_counts(event, queries.checked_in_ids(event))
    return jsonify(counts=[row.as_dict() for row in rows])


@bp.route("/admin/e/<slug>/guests/new", methods=["GET", "POST"])
def admin_new(slug):
    event = event_or_404(slug)
    form = GuestForm()
    form.category.choices = category_choices(event, public_only=False)
    if form.validate_on_submit():
        try:
            guest = services.add_guest(event, queries.get_category(event, form.category.data), **form.values())
        except services.DuplicateRegistration as exc:
            flash(_("Email hoặc số điện thoại này đã đăng ký: %(name)s.", name=exc.guest.full_name), "error")
            return _back(event, exc.guest)
        except DomainError as exc:
            report_error(exc, form, fallback="full_name")
        else:
            flash(_("Đã thêm khách %(name)s.", name=guest.full_name), "success")
            return _back(event, guest)
    return render_template("registration/admin/guest.html", event=event, guest=None, form=form), \
        (400 if form.errors else 200)


@bp.route("/admin/e/<slug>/guests/<int:guest_id>", methods=["GET", "POST"])
def admin_guest(slug, guest_id):
    event = event_or_404(slug)
    guest = queries.get_guest(event, guest_id)
    form = GuestForm(obj=guest)
    form.category.choices = category_choices(event, public_only=False, keep=guest.category_id)
    if request.method == "GET":
        form.phone.data = display_phone(guest.phone)
        form.category.data = guest.category_id
    if form.validate_on_submit():
        try:
            services.update_guest(guest, category=queries.get_category(event, form.category.data),
                                  by_organiser=True, **form.values())
        except DomainError as exc:
            report_error(exc, form, fallback="full_name")
        else:
            flash(_("Đã lưu."), "success")
            return _back(event, guest)
    return render_template("registration/admin/guest.html", event=event, guest=guest, form=form,
                           admissions=guest_admissions(guest.id), guest_messages=guest_messages(guest)), \
        (400 if form.errors else 200)


@bp.route("/admin/e/<slug>/guests/<int:guest_id>/approve", methods=["POST"])
def admin_approve(slug, guest_id):
    event = event_or_404(slug)
    guest = queries.get_guest(event, guest_id)
    try:
        services.approve_guest(guest)
    except Conflict as exc:
        flash(exc.message, "error")
    else:
        if guest.status == "registered":
            flash(_("Đã duyệt %(name)s; thư kèm thẻ đại biểu đã được gửi.", name=guest.full_name), "success")
        else:
            flash(_("Đã duyệt %(name)s, nhưng thành phần đã đủ chỗ: khách vào danh sách chờ.",
                    name=guest.full_name), "info")
    return _back(event, guest)


@bp.route("/admin/e/<slug>/guests/<int:guest_id>/cancel", methods=["GET", "POST"])
def admin_cancel(slug, guest_id):
    """GET asks first (whom, and what follows: the guest's letter, the badge refused at the door,
    the place handed to the waiting list); POST cancels."""
    event = event_or_404(slug)
    guest = queries.get_guest(event, guest_id)
    if request.method == "GET":
        if guest.status == "cancelled":
            flash(_("Đăng ký này đã được huỷ trước đó."), "info")
            return _back(event, guest)
        return render_template("registration/admin/cancel.html", event=event, guest=guest)
    try:
        promoted = services.cancel_guest(guest, by_organiser=True)
    except Conflict as exc:
        flash(exc.message, "error")
    else:
        flash(_("Đã huỷ đăng ký của %(name)s.", name=guest.full_name), "success")
        for other in promoted:
            flash(_("%(name)s được chuyển từ danh sách chờ sang đã đăng ký.", name=other.full_name), "info")
    return _back(event, guest)


@bp.route("/admin/e/<slug>/guests/<int:guest_id>/resend", methods=["POST"])
def admin_resend(slug, guest_id):
    event = event_or_404(slug)
    guest = queries.get_guest(event, guest_id)
    if resend.resend_link(guest, by_organiser=True):
        flash(_("Đã gửi lại thư cho %(name)s.", name=guest.full_name), "success")
    else:
        flash(_("Khách này không có email."), "error")
    return _back(event, guest)


@bp.route("/admin/e/<slug>/guests/import", methods=["GET", "POST"])
def admin_import(slug):
    event = event_or_404(slug)
    form = ImportForm()
    form.category.choices = category_choices(event, public_only=False)
    if form.validate_on_submit():
        upload = form.file.data
        try:
            preview = importing.build_preview(event, upload.filename, upload.read(),
                                              queries.get_category(event, form.category.data))
        except DomainError as exc:
            report_error(exc, form, fallback="file")
        else:
            return redirect(url_for("registration.admin_import_preview", slug=slug, preview_id=preview.id))
    return render_template("registration/admin/import.html", event=event, form=form), \
        (400 if form.errors else 200)


@bp.route("/admin/e/<slug>/guests/import/<preview_id>")
def admin_import_preview(slug, preview_id):
    event = event_or_404(slug)
    try:
        preview = importing.load_preview(event, preview_id)
    except NotFound as exc:
        flash(exc.message, "error")
        return redirect(url_for("registration.admin_import", slug=slug))
    categories = {c.id: c for c in event.categories}
    return render_template("registration/admin/import_preview.html", event=event, preview=preview,
                           categories=categories, form=ImportConfirmForm())


@bp.route("/admin/e/<slug>/guests/import/<preview_id>", methods=["POST"])
def admin_import_confirm(slug, preview_id):
    event = event_or_404(slug)
    form = ImportConfirmForm()
    try:
        job = bulk.start_import(event, preview_id, send_email=form.send_email.data,
                                valid_only=request.form.get("valid_only") == "y", user=current_user)
    except NotFound as exc:
        flash(exc.message, "error")
        return redirect(url_for("registration.admin_import", slug=slug))
    except importing.ImportFailed as exc:
        return render_template("registration/admin/import_failed.html", event=event, failure=exc,
                               preview_id=preview_id), 409
    return job_started(event, job)


@bp.route("/admin/e/<slug>/guests/remind", methods=["POST"])
def admin_remind(slug):
    """Each guest the filtered list shows gets their link again, by a job in the background."""
    event = event_or_404(slug)
    filters = queries.GuestFilters.from_args(request.form)
    try:
        job = bulk.start_reminders(event, filters, user=current_user)
    except JobRunning:
        raise  # the running job's page (jobs.views)
    except DomainError as exc:
        flash(exc.message, "error")
        return redirect(url_for("registration.admin_guests", slug=slug, **_filter_args(request.form)))
    return job_started(event, job)


def _filter_args(form):
    return {k: form[k] for k in ("q", "category", "status", "checked_in") if form.get(k)}


@bp.route("/admin/e/<slug>/guests.csv")
def admin_export_csv(slug):
    return _export(event_or_404(slug), "csv")


@bp.route("/admin/e/<slug>/guests.xlsx")
def admin_export_xlsx(slug):
    return _export(event_or_404(slug), "xlsx")


def _export(event, kind):
    data, mimetype, filename = exporting.export_guests(event, kind)
    return Response(data, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"})
