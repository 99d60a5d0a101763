"""Organisers' pages: gates, the live dashboard, the scan log and its export."""
from flask import Response, flash, g, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ...access import event_or_404
from ...errors import DomainError
from ...forms import choices, report_error
from ...i18n import current_locale
from .. import export, gates, keys, services, stats
from ..blueprint import bp
from ..forms import DeviceKeyForm, GateForm

LOG_FILTERS = {"all": None, "duplicates": ("already_checked_in",), "refusals": services.REFUSALS}


@bp.route("/admin/e/<slug>/gates/")
def gate_list(slug):
    event = event_or_404(slug)
    return render_template("checkin/gates.html", event=event, gates=gates.list_gates(event))


def _gate_form_page(event, gate):
    form = GateForm(obj=gate)
    form.categories.choices = choices((c.id, c.label(current_locale())) for c in gates.category_choices(event))
    form.walk_in_categories.choices = form.categories.choices
    if request.method == "GET" and gate is not None:
        form.categories.data = [c.id for c in gate.categories]
        form.walk_in_categories.data = [c.id for c in gate.walk_in_categories]
    if form.validate_on_submit():
        try:
            gates.save_gate(event, gate, code=form.code.data, name=form.name.data, name_en=form.name_en.data,
                            allow_reentry=form.allow_reentry.data, active=form.active.data,
                            position=form.position.data, category_ids=form.categories.data,
                            walk_in_category_ids=form.walk_in_categories.data)
        except DomainError as exc:
            report_error(exc, form, fallback="code")
        else:
            flash(_("Đã lưu cổng."), "success")
            return redirect(url_for("checkin.gate_list", slug=event.slug))
    return render_template("checkin/gate_form.html", event=event, gate=gate, form=form)


@bp.route("/admin/e/<slug>/gates/new", methods=["GET", "POST"])
def gate_new(slug):
    return _gate_form_page(event_or_404(slug), None)


@bp.route("/admin/e/<slug>/gates/<int:gate_id>", methods=["GET", "POST"])
def gate_edit(slug, gate_id):
    event = event_or_404(slug)
    gate = gates.get_gate(event, gate_id)
    return _gate_form_page(event, gate)


@bp.route("/admin/e/<slug>/checkin/")
def dashboard(slug):
    event = event_or_404(slug)
    return render_template("checkin/dashboard.html", event=event, stats=stats.dashboard(event, current_locale()))


@bp.route("/admin/e/<slug>/checkin/scans")
def scan_log(slug):
    event = event_or_404(slug)
    chosen = request.args.get("show", "all")
    if chosen not in LOG_FILTERS:
        chosen = "all"
    scans = stats.recent_scans(event, current_locale(), results=LOG_FILTERS[chosen], limit=200)
    return render_template("checkin/scans.html", event=event, scans=scans, chosen=chosen)


@bp.route("/admin/e/<slug>/checkin/scans.csv")
def export_scans(slug):
    event = event_or_404(slug)
    return Response(export.scan_log_csv(event), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="check-in-{event.slug}.csv"'})


@bp.route("/admin/e/<slug>/checkin/scans/<int:scan_id>/undo", methods=["POST"])
def undo_scan(slug, scan_id):
    event = event_or_404(slug)
    try:
        services.undo(event, scan_id, services.Scanner.from_principal(g.principal))
    except DomainError as exc:
        flash(exc.message, "error")
    else:
        flash(_("Đã huỷ lượt check-in; lượt quét vẫn được giữ trong nhật ký."), "success")
    return redirect(url_for("checkin.scan_log", slug=event.slug, show=request.args.get("show", "all")))


@bp.route("/admin/e/<slug>/devices/", methods=["GET", "POST"])
def device_keys(slug):
    """Scanning devices' API keys: make one (shown once), see each one's scans, revoke."""
    event = event_or_404(slug)
    form = DeviceKeyForm()
    gate_choices = choices([("", _("Mọi cổng"))]
                           + [(gate.code, gate.label(current_locale())) for gate in gates.list_gates(event)])
    form.gate.choices = gate_choices
    created = None
    if form.validate_on_submit():
        try:
            created = keys.create_api_key(form.role.data, event.slug, gate_code=form.gate.data or None,
                                          label=form.label.data, created_by=g.principal.user)
        except DomainError as exc:
            report_error(exc, form, fallback="label")
        else:
            form = DeviceKeyForm(formdata=None)
            form.gate.choices = gate_choices
    response = make_response(render_template("checkin/devices.html", event=event, form=form, created=created,
                                             devices=keys.list_keys(event)))
    response.headers["Cache-Control"] = "no-store"  # the new key is on this page, once
    return response


@bp.route("/admin/e/<slug>/devices/<int:key_id>/revoke", methods=["POST"])
def revoke_device_key(slug, key_id):
    event = event_or_404(slug)
    key = keys.revoke_api_key(event, key_id=key_id)
    flash(_("Đã thu hồi khoá %(prefix)s… của “%(label)s”: thiết bị không quét được nữa.",
            prefix=key.prefix, label=key.label or key.role), "success")
    return redirect(url_for("checkin.device_keys", slug=event.slug))
