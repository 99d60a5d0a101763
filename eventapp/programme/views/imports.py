"""Importing recipients from CSV/XLSX: upload, preview row by row, then confirm (atomic)."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ...access import event_or_404
from ...errors import DomainError
from ...forms import report_error
from .. import awards, importing
from ..blueprint import bp
from ..forms import ImportForm


@bp.route("/awards/import", methods=["GET", "POST"])
def admin_import(slug):
    event = event_or_404(slug)
    categories = awards.list_categories(event)
    form = ImportForm()
    form.set_categories(categories)
    if form.validate_on_submit():
        default = next((c for c in categories if str(c.id) == form.category_id.data), None)
        upload = form.file.data
        try:
            preview = importing.start_preview(event, upload.filename, upload.read(), default)
        except DomainError as error:
            report_error(error, form)
        else:
            return redirect(url_for("programme.admin_import_preview", slug=slug, token=preview.token))
    return render_template("programme/import.html", event=event, form=form)


@bp.route("/awards/import/<token>")
def admin_import_preview(slug, token):
    event = event_or_404(slug)
    preview = importing.load_preview(event, token)
    return render_template("programme/import_preview.html", event=event, preview=preview)


@bp.route("/awards/import/<token>/commit", methods=["POST"])
def admin_import_commit(slug, token):
    event = event_or_404(slug)
    try:
        created = importing.commit_preview(event, token)
    except DomainError as error:
        flash(error.message, "error")
        return redirect(url_for("programme.admin_import_preview", slug=slug, token=token))
    flash(_("Đã nhập %(n)d người nhận.", n=created), "success")
    return redirect(url_for("programme.admin_awards", slug=slug))


@bp.route("/awards/import/<token>/discard", methods=["POST"])
def admin_import_discard(slug, token):
    event = event_or_404(slug)
    importing.discard_preview(event, token)
    flash(_("Đã huỷ bản nhập."), "success")
    return redirect(url_for("programme.admin_import", slug=slug))
