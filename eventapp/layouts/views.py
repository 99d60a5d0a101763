"""The organisers' layouts: the list of item kinds, the designer's page and its JSON, preview,
background, reset, export and import. JSON bodies carry the X-CSRFToken header (eventapp.access)."""
from flask import Blueprint, Response, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..access import blueprint_roles, event_or_404
from ..errors import NotFound
from . import services
from .document import LayoutError, field_choices
from .queries import layout_of

bp = blueprint_roles(Blueprint("layouts", __name__), "admin")
blueprints = [bp]


def _event_kind(slug, kind):
    event = event_or_404(slug)
    try:
        services.check_kind(kind)
    except NotFound:
        abort(404)
    return event


def _refused(error):
    return jsonify(error.as_json()), 422


def _body_layout():
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or "layout" not in body:
        raise LayoutError(_("Yêu cầu phải là JSON dạng {\"layout\": {...}}."), "layout")
    return body


def _urls(slug, kind):
    names = {"json": "layouts.get_json", "save": "layouts.save", "preview": "layouts.preview",
             "background": "layouts.background", "reset": "layouts.reset", "export": "layouts.export"}
    urls = {key: url_for(endpoint, slug=slug, kind=kind) for key, endpoint in names.items()}
    urls["list"] = url_for("layouts.index", slug=slug)
    urls["import"] = url_for("layouts.import_file", slug=slug, kind=kind)
    return urls


@bp.route("/admin/e/<slug>/layouts/")
def index(slug):
    event = event_or_404(slug)
    return render_template("layouts/list.html", event=event, kinds=services.kind_rows(event))


@bp.route("/admin/e/<slug>/layouts/<kind>")
def designer(slug, kind):
    event = _event_kind(slug, kind)
    layout, is_default = layout_of(event, kind)
    return render_template("layouts/designer.html", event=event, kind=kind, kind_label=str(services.KIND_LABELS[kind]),
                           layout=layout, is_default=is_default, fields=field_choices(),
                           page_presets=services.page_presets(kind), samples=services.samples(event),
                           urls=_urls(slug, kind))


@bp.route("/admin/e/<slug>/layouts/<kind>.json")
def get_json(slug, kind):
    event = _event_kind(slug, kind)
    layout, is_default = layout_of(event, kind)
    return jsonify(layout=layout, is_default=is_default)


@bp.route("/admin/e/<slug>/layouts/<kind>.json", methods=["POST"])
def save(slug, kind):
    event = _event_kind(slug, kind)
    try:
        row = services.save_layout(event, kind, _body_layout()["layout"])
    except LayoutError as error:
        return _refused(error)
    return jsonify(layout=row.document, saved_at=row.updated_at.isoformat())


@bp.route("/admin/e/<slug>/layouts/<kind>/preview", methods=["POST"])
def preview(slug, kind):
    event = _event_kind(slug, kind)
    try:
        body = _body_layout()
        data = services.preview_pdf(event, kind, body["layout"], body.get("guest_ids"),
                                    mode=body.get("mode") or "office")
    except LayoutError as error:
        return _refused(error)
    return Response(data, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="xem-thu-{kind}.pdf"', "Cache-Control": "private, no-store"})


@bp.route("/admin/e/<slug>/layouts/<kind>/background", methods=["POST"])
def background(slug, kind):
    _event_kind(slug, kind)
    try:
        data = services.read_upload(request.files.get("file"), services.BACKGROUND_MAX_BYTES)
        return jsonify(background=services.background_from_upload(data))
    except LayoutError as error:
        return _refused(error)


@bp.route("/admin/e/<slug>/layouts/<kind>/reset", methods=["POST"])
def reset(slug, kind):
    event = _event_kind(slug, kind)
    if services.reset_layout(event, kind):
        flash(_("Đã trở về mẫu mặc định."), "success")
    return redirect(url_for("layouts.designer", slug=slug, kind=kind), code=303)


@bp.route("/admin/e/<slug>/layouts/<kind>/export")
def export(slug, kind):
    event = _event_kind(slug, kind)
    return Response(services.export_layout(event, kind), mimetype="application/json", headers={
        "Content-Disposition": f'attachment; filename="mau-in-{event.slug}-{kind}.json"'})


@bp.route("/admin/e/<slug>/layouts/<kind>/import", methods=["POST"])
def import_file(slug, kind):
    event = _event_kind(slug, kind)
    try:
        data = services.read_upload(request.files.get("file"), services.IMPORT_MAX_BYTES)
        services.import_layout(event, kind, data)
    except LayoutError as error:
        flash(error.message, "error")
        return redirect(url_for("layouts.index", slug=slug), code=303)
    flash(_("Đã nhập mẫu in “%(kind)s”.", kind=services.KIND_LABELS[kind]), "success")
    return redirect(url_for("layouts.designer", slug=slug, kind=kind), code=303)
