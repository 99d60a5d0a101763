"""Badges: the guest's QR and badge (public, by private token), the organisers' print page and
logo, and the door's reprint / reissue of one badge."""
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..access import blueprint_roles, event_or_404, public, roles
from ..errors import DomainError
from ..forms import report_error
from ..jobs.views import job_started
from ..qr import qr_svg
from . import branding, bulk, services
from .forms import REPRINT_REASONS, LogoForm, PrintFilterForm, ReissueForm, ReprintForm

bp = blueprint_roles(Blueprint("badges", __name__), "admin")
blueprints = [bp]




def _pdf(data, filename, download=False):
    disposition = "attachment" if download else "inline"
    return Response(data, mimetype="application/pdf", headers={
        "Content-Disposition": f'{disposition}; filename="{filename}"', "Cache-Control": "private, no-store"})


def _public_guest(private_token):
    guest = services.guest_by_private_token(private_token)
    if guest.status != "registered":
        message = _("Thẻ đại biểu chỉ có khi đăng ký của bạn đã được xác nhận.")
        abort(Response(render_template("error.html", status=404, title=_("Chưa có thẻ"), message=message), 404))
    return guest


# ----- the guest (public, by the private token of their page) ----------------------------------
@bp.route("/g/<private_token>/qr.svg")
@public
def public_qr(private_token):
    guest = _public_guest(private_token)
    return Response(qr_svg(guest.badge_token), mimetype="image/svg+xml",
                    headers={"Cache-Control": "private, no-cache", "X-Robots-Tag": "noindex"})


@bp.route("/g/<private_token>/badge.pdf")
@public
def public_badge(private_token):
    guest = _public_guest(private_token)
    layout = request.args.get("layout", "a6")
    try:
        data = services.guest_badge_pdf(guest, layout)
    except DomainError as error:
        abort(Response(render_template("error.html", status=400, title=_("Không in được thẻ"),
                                       message=error.message), 400))
    return _pdf(data, "the-dai-bieu.pdf")


# ----- organisers --------------------------------------------------------------------------------
def _filters(form):
    return services.PrintFilter(category=form.category.data or "", not_printed=bool(form.not_printed.data),
                                since_last_print=bool(form.since_last_print.data))


@bp.route("/admin/e/<slug>/badges")
def admin_print(slug):
    event = event_or_404(slug)
    form = PrintFilterForm(request.args)
    form.set_categories(event)
    try:
        guests = services.select_guests(event, _filters(form))
    except DomainError as error:
        report_error(error, form, fallback="category")
        guests = []
    return render_template("badges/admin_print.html", event=event, form=form, guests=guests,
                           counts=services.print_counts(event), batches=services.batches(event),
                           query=request.query_string.decode(), background_over=bulk.BACKGROUND_OVER)


@bp.route("/admin/e/<slug>/badges/preview.pdf")
def admin_preview(slug):
    event = event_or_404(slug)
    form = PrintFilterForm(request.args)
    try:
        guests = services.select_guests(event, _filters(form))
        if not guests:
            raise DomainError(_("Không có thẻ nào phù hợp với bộ lọc."))
        # A preview shows the look of the run: its first badges are enough, and it stays quick.
        data = services.render_guests(event, guests[:bulk.BACKGROUND_OVER], form.layout.data, mode=form.mode.data)
    except DomainError as error:
        flash(error.message, "error")
        return redirect(url_for("badges.admin_print", slug=slug, **request.args.to_dict()))
    return _pdf(data, f"the-{event.slug}-xem-truoc.pdf")


@bp.route("/admin/e/<slug>/badges/print", methods=["POST"])
def admin_print_batch(slug):
    event = event_or_404(slug)
    form = PrintFilterForm(request.form)
    try:
        batch = services.print_batch(event, _filters(form), form.layout.data)
    except DomainError as error:
        flash(error.message, "error")
        return redirect(url_for("badges.admin_print", slug=slug))
    flash(_("Đã ghi nhận đợt in %(n)d thẻ.", n=batch.guest_count), "success")
    if bulk.in_background(batch):
        return _start_pdf(event, batch, form.mode.data)
    return redirect(url_for("badges.admin_batch_pdf", slug=slug, batch_id=batch.id, mode=form.mode.data), code=303)


def _start_pdf(event, batch, mode="office"):
    return job_started(event, bulk.start_batch_pdf(event, batch, user=current_user, mode=mode))


@bp.route("/admin/e/<slug>/badges/batches/<int:batch_id>/pdf", methods=["POST"])
def admin_batch_pdf_job(slug, batch_id):
    """Draws a large print run's PDF again, in the background."""
    event = event_or_404(slug)
    batch = services.get_batch(event, batch_id)
    return _start_pdf(event, batch, request.form.get("mode") or "office")


@bp.route("/admin/e/<slug>/badges/batches/<int:batch_id>.pdf")
def admin_batch_pdf(slug, batch_id):
    event = event_or_404(slug)
    batch = services.get_batch(event, batch_id)
    if bulk.in_background(batch):  # too large to draw while the organiser waits
        done = bulk.finished_pdf(batch)
        if done is not None:
            return redirect(url_for("jobs.job_download", slug=slug, job_id=done.id))
        flash(_("Đợt in này có %(n)d thẻ: tệp PDF được tạo ở tiến trình nền. Bấm “Tạo tệp PDF” ở dòng của đợt in.",
                n=batch.guest_count), "error")
        return redirect(url_for("badges.admin_print", slug=slug))
    try:
        data = services.batch_pdf(batch, mode=request.args.get("mode") or "office")
    except DomainError as error:
        flash(error.message, "error")
        return redirect(url_for("badges.admin_print", slug=slug))
    return _pdf(data, f"the-{event.slug}-dot-{batch.id}.pdf")


@bp.route("/admin/e/<slug>/badges/colors", methods=["POST"])
def admin_colors(slug):
    event = event_or_404(slug)
    colors = {int(key[6:]): value for key, value in request.form.items()
              if key.startswith("color-") and key[6:].isdigit()}
    try:
        branding.set_category_colors(event, colors)
        flash(_("Đã lưu màu thẻ."), "success")
    except DomainError as error:
        flash(error.message, "error")
    return redirect(url_for("badges.admin_print", slug=slug))


@bp.route("/admin/e/<slug>/badges/logo", methods=["GET", "POST"])
def admin_logo(slug):
    event = event_or_404(slug)
    form = LogoForm()
    if form.validate_on_submit():
        try:
            if form.remove.data:
                branding.remove_logo(event)
                flash(_("Đã xoá logo."), "success")
            else:
                upload = form.logo.data
                branding.set_logo(event, upload.read(branding.LOGO_MAX_BYTES + 1) if upload else b"")
                flash(_("Đã lưu logo. Logo được in trên mọi thẻ của sự kiện."), "success")
            return redirect(url_for("badges.admin_logo", slug=slug))
        except DomainError as error:
            report_error(error, form, fallback="logo")
    return render_template("badges/logo.html", event=event, form=form), 400 if form.errors else 200


@bp.route("/admin/e/<slug>/badges/logo.img")
def admin_logo_image(slug):
    event = event_or_404(slug)
    if not event.logo:
        abort(404)
    return Response(event.logo, mimetype=event.logo_mime, headers={"Cache-Control": "private, no-cache"})


# ----- door staff: one badge ---------------------------------------------------------------------
def _door_guest(slug, guest_id):
    event = event_or_404(slug)
    return event, services.guest_of_event(event, guest_id)


def _door_page(event, guest, reprint_form, reissue_form, status=200):
    return render_template("badges/reprint.html", event=event, guest=guest, form=reprint_form,
                           reissue_form=reissue_form, reasons=REPRINT_REASONS,
                           reprints=services.reprints(guest), revoked=services.revocations(guest)), status


@bp.route("/door/e/<slug>/guests/<int:guest_id>/reprint", methods=["GET", "POST"])
@roles("admin", "door")
def reprint(slug, guest_id):
    event, guest = _door_guest(slug, guest_id)
    form = ReprintForm()
    if form.validate_on_submit():
        try:
            data = services.reprint_badge(guest, form.reason.data, form.layout.data)
            return _pdf(data, f"the-{guest.id}-in-lai.pdf")
        except DomainError as error:
            report_error(error, form, fallback="reason")
    return _door_page(event, guest, form, ReissueForm(formdata=None, prefix="reissue"), 400 if form.errors else 200)


@bp.route("/door/e/<slug>/guests/<int:guest_id>/reissue", methods=["GET", "POST"])
@roles("admin", "door")
def reissue(slug, guest_id):
    event, guest = _door_guest(slug, guest_id)
    form = ReissueForm(prefix="reissue")  # its fields sit next to the reprint form's on one page
    if form.validate_on_submit():
        try:
            services.reissue_badge(guest, form.reason.data)
        except DomainError as error:
            report_error(error, form, fallback="reason")
        else:
            flash(_("Đã cấp mã mới cho %(name)s. Thẻ cũ bị từ chối tại cổng; hãy in thẻ mới.",
                    name=guest.full_name), "success")
            return redirect(url_for("badges.reprint", slug=slug, guest_id=guest.id))
    return render_template("badges/reissue.html", event=event, guest=guest, form=form), \
        400 if form.errors else 200
