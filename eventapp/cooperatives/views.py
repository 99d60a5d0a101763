"""The organiser's registry of member cooperatives: the organisers' pages."""
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..access import blueprint_roles, current_organiser
from ..errors import DomainError, NotFound
from ..extensions import db
from ..forms import choices, report_error
from . import exporting, importing, merging, queries, services
from .forms import CooperativeForm, ImportForm, InviteExhibitorForm, MergeForm

bp = blueprint_roles(Blueprint("cooperatives", __name__, url_prefix="/admin/cooperatives"), "admin")


def _no_organiser():
    return render_template("cooperatives/no_organiser.html")


def _show_errors(exc, form):
    """Every broken rule onto its field (the services name them all)."""
    db.session.rollback()
    for error in getattr(exc, "errors", [exc]):
        report_error(error, form)


def _number(text, default=None):
    """A positive whole number typed in ASCII digits (not "²" or "١"), or the default."""
    text = text or ""
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else default


def _rows(name):
    """Row numbers ticked in the preview's checkboxes of that name."""
    return {n for n in (_number(value) for value in request.form.getlist(name)) if n is not None}


@bp.route("/")
def index():
    organiser = current_organiser()
    if organiser is None:
        return _no_organiser()
    filters = queries.Filters.from_args(request.args)
    page = queries.search(organiser, filters, page=_number(request.args.get("page"), 1))
    districts, sectors = queries.choices(organiser)
    return render_template("cooperatives/list.html", organiser=organiser, page=page, filters=filters,
                           districts=districts, sectors=sectors, args=filters.as_args())


@bp.route("/new", methods=["GET", "POST"])
def create():
    organiser = current_organiser()
    if organiser is None:
        return _no_organiser()
    form = CooperativeForm()
    failed = False
    if form.validate_on_submit():
        try:
            coop = services.create_cooperative(organiser, **form.values())
        except DomainError as exc:
            _show_errors(exc, form)
            failed = True
        else:
            flash(_("Đã thêm hợp tác xã %(name)s.", name=coop.name), "success")
            return redirect(url_for("cooperatives.edit", coop_id=coop.id))
    return render_template("cooperatives/form.html", organiser=organiser, form=form, coop=None), \
        (400 if failed or form.errors else 200)


@bp.route("/<int:coop_id>", methods=["GET", "POST"])
def edit(coop_id):
    organiser = current_organiser()
    if organiser is None:
        return _no_organiser()
    coop = services.get_cooperative(organiser, coop_id)
    form = CooperativeForm()
    if request.method == "GET":
        form.show(coop)
    failed = False
    if form.validate_on_submit():
        try:
            services.update_cooperative(coop, **form.values())
        except DomainError as exc:
            _show_errors(exc, form)
            failed = True
        else:
            flash(_("Đã lưu."), "success")
            return redirect(url_for("cooperatives.edit", coop_id=coop.id))
    applications, awards = queries.link_counts([coop.id])
    return render_template("cooperatives/form.html", organiser=organiser, form=form, coop=coop,
                           duplicates=services.possible_duplicates(coop), applications=applications.get(coop.id, 0),
                           awards=awards.get(coop.id, 0)), (400 if failed or form.errors else 200)


@bp.route("/<int:coop_id>/invite", methods=["GET", "POST"])
def invite_exhibitor(coop_id):
    """An exhibitor account for the cooperative, from the registry: the invitation carries a one-time
    link to set the password (eventapp.booths.accounts)."""
    from ..booths import accounts

    organiser = current_organiser()
    if organiser is None:
        return _no_organiser()
    coop = services.get_cooperative(organiser, coop_id)
    events = queries.open_events(organiser)
    form = InviteExhibitorForm()
    form.event_id.choices = choices((e.id, e.name) for e in events)
    if request.method == "GET":
        form.email.data, form.full_name.data = coop.email or "", coop.representative
    failed = False
    if form.validate_on_submit():
        event = next(e for e in events if e.id == form.event_id.data)
        try:
            account = accounts.invite(event, email=form.email.data, full_name=form.full_name.data, cooperative=coop,
                                      link_for=accounts.set_password_link)
        except DomainError as exc:
            _show_errors(exc, form)
            failed = True
        else:
            flash(_("Đã gửi lời mời tới %(email)s: tài khoản đơn vị trưng bày của %(name)s trong %(event)s.",
                    email=account.user.email, name=coop.name, event=event.name), "success")
            return redirect(url_for("cooperatives.index"))
    return render_template("cooperatives/invite.html", organiser=organiser, coop=coop, form=form, events=events), \
        (400 if failed or form.errors else 200)


@bp.route("/import", methods=["GET", "POST"])
def import_upload():
    organiser = current_organiser()
    if organiser is None:
        return _no_organiser()
    form = ImportForm()
    if form.validate_on_submit():
        upload = form.file.data
        try:
            preview = importing.build_preview(organiser, upload.filename, upload.read())
        except DomainError as exc:
            report_error(exc, form)
        else:
            return redirect(url_for("cooperatives.import_preview", token=preview.token))
    return render_template("cooperatives/import.html", organiser=organiser, form=form,
                           headers=importing.HEADERS), (400 if form.errors or form.file.errors else 200)


def _load_preview(organiser, token):
    try:
        return importing.load_preview(organiser, token)
    except NotFound as exc:
        flash(exc.message, "error")
        return None


def _preview_page(organiser, preview, merge=None, skip=frozenset(), failure=None):
    """merge None: every "same as existing" row ticked for merging (the first showing)."""
    return render_template("cooperatives/import_preview.html", organiser=organiser, preview=preview, merge=merge,
                           skip=skip, failure=failure, labels=services.FIELD_LABELS)


@bp.route("/import/<token>")
def import_preview(token):
    organiser = current_organiser()
    if organiser is None:
        return _no_organiser()
    preview = _load_preview(organiser, token)
    if preview is None:
        return redirect(url_for("cooperatives.import_upload"))
    return _preview_page(organiser, preview)


@bp.route("/import/<token>", methods=["POST"])
def import_confirm(token):
    organiser = current_organiser()
    if organiser is None:
        return _no_organiser()
    merge, skip = _rows("merge"), _rows("skip")
    try:
        result = importing.confirm_import(organiser, token, merge=merge, skip=skip)
    except NotFound as exc:
        flash(exc.message, "error")
        return redirect(url_for("cooperatives.import_upload"))
    except importing.ImportFailed as exc:
        preview = _load_preview(organiser, token)
        if preview is None:
            return redirect(url_for("cooperatives.import_upload"))
        return _preview_page(organiser, preview, merge, skip, exc), 409
    flash(_("Đã nhập: %(created)d hợp tác xã mới, %(merged)d gộp vào hợp tác xã đã có (%(filled)d được bổ sung "
            "thông tin), %(skipped)d dòng bỏ qua.", created=result.created, merged=result.merged,
            filled=result.filled, skipped=result.skipped), "success")
    return redirect(url_for("cooperatives.index"))


@bp.route("/import/<token>/discard", methods=["POST"])
def import_discard(token):
    organiser = current_organiser()
    if organiser is None:
        return _no_organiser()
    importing.discard_preview(organiser, token)
    flash(_("Đã huỷ bản nhập; chưa có gì được ghi."), "success")
    return redirect(url_for("cooperatives.import_upload"))


@bp.route("/duplicates")
def duplicates():
    organiser = current_organiser()
    if organiser is None:
        return _no_organiser()
    return render_template("cooperatives/duplicates.html", organiser=organiser,
                           pairs=merging.candidate_pairs(organiser))


def _merge_ids(values):
    keep, remove = _number(values.get("keep")), _number(values.get("remove"))
    if keep is None or remove is None:
        abort(404)
    return keep, remove


@bp.route("/merge", methods=["GET", "POST"])
def merge():
    organiser = current_organiser()
    if organiser is None:
        return _no_organiser()
    form = MergeForm()
    keep_id, remove_id = _merge_ids(request.form if request.method == "POST" else request.args)
    try:
        plan = merging.plan_merge(organiser, keep_id, remove_id)
    except NotFound:
        raise  # the 404 page
    except DomainError as exc:
        report_error(exc)
        return redirect(url_for("cooperatives.duplicates"))
    if form.validate_on_submit():
        try:
            keep = merging.merge_cooperatives(organiser, keep_id, remove_id)
        except DomainError as exc:
            db.session.rollback()
            flash(exc.message, "error")
        else:
            flash(_("Đã gộp %(removed)s vào %(kept)s.", removed=plan.remove.name, kept=keep.name), "success")
            return redirect(url_for("cooperatives.edit", coop_id=keep.id))
        plan = merging.plan_merge(organiser, keep_id, remove_id)
    form.keep.data, form.remove.data = str(keep_id), str(remove_id)
    return render_template("cooperatives/merge.html", organiser=organiser, plan=plan, form=form,
                           labels=services.FIELD_LABELS), (409 if request.method == "POST" else 200)


@bp.route("/export.csv")
def export_csv():
    return _export("csv")


@bp.route("/export.xlsx")
def export_xlsx():
    return _export("xlsx")


def _export(kind):
    organiser = current_organiser()
    if organiser is None:
        return _no_organiser()
    data, mimetype, filename = exporting.export_cooperatives(organiser, kind)
    return Response(data, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"})
