"""Privacy pages: a guest's download and deletion of their data, the organisers' anonymisation."""
from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ..access import blueprint_roles, event_or_404, public
from ..errors import Conflict, DomainError
from ..forms import report_error
from ..registration import queries as registration_queries
from ..registration.views.public import private_response
from . import export, services
from .forms import AnonymiseForm, DeleteForm

bp = blueprint_roles(Blueprint("privacy", __name__), "admin")
blueprints = [bp]


@bp.route("/g/<private_token>/data.json")
@public
def public_export(private_token):
    guest = registration_queries.guest_by_token(private_token)
    response = Response(export.to_json(export.guest_data(guest)), mimetype="application/json")
    response.headers["Content-Disposition"] = f'attachment; filename="{export.filename(guest)}"'
    return private_response(response)


@bp.route("/g/<private_token>/delete", methods=["GET", "POST"])
@public
def public_delete(private_token):
    guest = registration_queries.guest_by_token(private_token)
    form = DeleteForm()
    if form.validate_on_submit():
        slug = guest.event.slug
        try:
            services.delete_guest_data(guest)
        except Conflict as exc:
            flash(exc.message, "error")
        else:
            flash(_("Dữ liệu cá nhân của bạn đã được xoá. Đường dẫn riêng và thẻ đại biểu không còn dùng được."),
                  "success")
        return redirect(url_for("events.event_page", slug=slug))
    return private_response(render_template("privacy/delete.html", guest=guest, event=guest.event, form=form,
                                    ended=services.event_has_ended(guest.event)))


@bp.route("/admin/e/<slug>/anonymise", methods=["GET", "POST"])
def admin_anonymise(slug):
    event = event_or_404(slug)
    form = AnonymiseForm()
    if form.validate_on_submit():
        try:
            count = services.anonymise_event(event, form.confirmation.data)
        except DomainError as exc:
            report_error(exc, form, fallback="confirmation")
        else:
            flash(_("Đã ẩn danh dữ liệu của %(n)d khách. Số liệu thống kê được giữ nguyên.", n=count), "success")
            return redirect(url_for("privacy.admin_anonymise", slug=slug))
    return render_template("privacy/anonymise.html", event=event, form=form,
                           summary=services.anonymise_summary(event)), (400 if form.errors else 200)
