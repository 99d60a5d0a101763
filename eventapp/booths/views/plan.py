"""Organiser pages of the floor plan: overview, booths, CSV import, zone rules, settings, outputs."""
from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ...access import event_or_404
from ...audit import AuditEntry
from ...errors import DomainError
from ...extensions import db
from ...forms import choices, report_error
from ...pdf.fonts import register_fonts
from .. import applications, placement, plan
from ..accounts import list_accounts
from ..blueprint import bp
from ..directory import directory_csv, directory_rows
from ..forms import AllocateForm, BoothForm, ImportForm, SettingsForm
from ..plan_pdf import render_plan_pdf
from ..svg import render_plan_svg, zone_colors

PREFIX = "/admin/e/<slug>/booths"


def booth_title(booth, labels):
    features = [name for flag, name in ((booth.is_corner, _("góc")), (booth.has_power, _("điện")),
                                        (booth.has_water, _("nước"))) if flag]
    parts = [booth.code, booth.zone]
    if features:
        parts.append(", ".join(features))
    if booth.id in labels:
        parts.append(labels[booth.id])
    return " – ".join(p for p in parts if p)


def plan_context(event, mode, link_endpoint=None, highlight=(), selectable=(), link_ids=None, labels=None):
    """What the _plan.html partial needs: the SVG and its legend."""
    booths = plan.list_booths(event)
    labels = labels if labels is not None else placement.plan_labels(event)
    links = {}
    if link_endpoint:
        for b in booths:
            if link_ids is None or b.id in link_ids:
                links[b.id] = url_for(link_endpoint, slug=event.slug, booth_id=b.id)
    svg = render_plan_svg(booths, labels, mode=mode, highlight=highlight, links=links,
                          short_labels=placement.plan_short_labels(event),
                          titles={b.id: booth_title(b, labels) for b in booths}, selectable=selectable,
                          aria_label=_("Sơ đồ gian hàng %(event)s", event=event.name))
    return {"svg": svg, "mode": mode, "zones": zone_colors(b.zone for b in booths), "booths": booths}


def _mode():
    return "zone" if request.args.get("mode") == "zone" else "status"


@bp.route(f"{PREFIX}/")
def overview(slug):
    event = event_or_404(slug)
    booths = plan.list_booths(event)
    counts = {s: sum(1 for b in booths if b.plan_status == s) for s in ("free", "held", "assigned", "blocked")}
    pending = sum(1 for a in list_accounts(event) if a.status == "pending")
    return render_template("booths/admin/overview.html", event=event, counts=counts,
                           plan=plan_context(event, _mode(), "booths.booth_detail"),
                           applications=applications.status_counts(event), pending=pending,
                           allocate_form=AllocateForm())


@bp.route(f"{PREFIX}/list")
def booth_list(slug):
    event = event_or_404(slug)
    labels = placement.plan_labels(event)
    return render_template("booths/admin/booths.html", event=event, booths=plan.list_booths(event), labels=labels)


def _booth_values(form):
    return dict(code=form.code.data, zone=form.zone.data, x=form.x.data, y=form.y.data, width=form.width.data,
                height=form.height.data, is_corner=form.is_corner.data, has_power=form.has_power.data,
                has_water=form.has_water.data, status=None if form.status.data == "assigned" else form.status.data)


@bp.route(f"{PREFIX}/new", methods=["GET", "POST"])
def booth_new(slug):
    event = event_or_404(slug)
    form = BoothForm()
    if form.validate_on_submit():
        try:
            booth = plan.save_booth(event, **_booth_values(form))
        except DomainError as exc:
            report_error(exc, form)
        else:
            flash(_("Đã thêm gian %(code)s.", code=booth.code), "success")
            return redirect(url_for("booths.booth_list", slug=slug))
    return render_template("booths/admin/booth_form.html", event=event, form=form, booth=None,
                           zones=plan.zones(event))


@bp.route(f"{PREFIX}/<int:booth_id>", methods=["GET", "POST"])
def booth_detail(slug, booth_id):
    event = event_or_404(slug)
    booth = plan.get_booth(event, booth_id)
    form = BoothForm(obj=booth)
    if booth.plan_status == "assigned":  # the assignment decides: the field is neither shown nor changed
        form.status.choices = choices([("assigned", _("Đã xếp"))])
        form.status.data = "assigned"
    if form.validate_on_submit():
        try:
            plan.save_booth(event, booth, **_booth_values(form))
        except DomainError as exc:
            db.session.rollback()
            report_error(exc, form)
        else:
            flash(_("Đã lưu gian %(code)s.", code=booth.code), "success")
            return redirect(url_for("booths.booth_detail", slug=slug, booth_id=booth.id))
    current = placement.assignment_of(booth)
    candidates = [a for a in applications.list_applications(event) if a.status in ("approved", "submitted")
                  and len(placement.booths_of(a)) < a.booths_wanted] if current is None else []
    return render_template("booths/admin/booth.html", event=event, booth=booth, form=form, current=current,
                           candidates=candidates, zones=plan.zones(event))


@bp.route(f"{PREFIX}/<int:booth_id>/delete", methods=["POST"])
def booth_delete(slug, booth_id):
    event = event_or_404(slug)
    booth = plan.get_booth(event, booth_id)
    try:
        plan.delete_booth(booth)
    except DomainError as exc:
        report_error(exc)
        return redirect(url_for("booths.booth_detail", slug=slug, booth_id=booth_id))
    flash(_("Đã xoá gian hàng."), "success")
    return redirect(url_for("booths.booth_list", slug=slug))


@bp.route(f"{PREFIX}/<int:booth_id>/position", methods=["POST"])
def booth_position(slug, booth_id):
    """The plan editor's drag and drop (static/js/booths/plan-editor.js) posts the new corner."""
    event = event_or_404(slug)
    booth = plan.get_booth(event, booth_id)
    try:
        plan.move_booth(booth, float(request.form["x"]), float(request.form["y"]))
    except (KeyError, ValueError):
        db.session.rollback()
        return {"error": _("Toạ độ không hợp lệ.")}, 400
    except DomainError as exc:
        db.session.rollback()
        return {"error": exc.message}, 409
    return {"code": booth.code, "x": booth.x, "y": booth.y}


@bp.route(f"{PREFIX}/editor")
def plan_editor(slug):
    event = event_or_404(slug)
    return render_template("booths/admin/editor.html", event=event, plan=plan_context(event, "zone"))


@bp.route(f"{PREFIX}/import", methods=["GET", "POST"])
def import_plan(slug):
    event = event_or_404(slug)
    form = ImportForm()
    errors = []
    if form.validate_on_submit():
        try:
            created, updated = plan.import_plan(event, form.file.data.read(), form.file.data.filename)
        except plan.PlanImportError as exc:
            db.session.rollback()
            errors = exc.errors
            flash(exc.message, "error")
        else:
            flash(_("Đã nhập: %(created)d gian mới, %(updated)d gian cập nhật.", created=created, updated=updated),
                  "success")
            return redirect(url_for("booths.overview", slug=slug))
    return render_template("booths/admin/import.html", event=event, form=form, errors=errors,
                           columns=plan.CSV_COLUMNS)


@bp.route(f"{PREFIX}/plan.csv")
def plan_csv(slug):
    event = event_or_404(slug)
    return Response(plan.plan_csv(event).encode("utf-8"), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="so-do-{event.slug}.csv"'})


@bp.route(f"{PREFIX}/zones", methods=["GET", "POST"])
def zone_rules(slug):
    event = event_or_404(slug)
    if request.method == "POST":
        try:
            plan.set_zone_rule(event, request.form.get("zone", ""), request.form.getlist("sectors"))
        except DomainError as exc:
            report_error(exc)
        else:
            flash(_("Đã lưu quy định khu vực."), "success")
        return redirect(url_for("booths.zone_rules", slug=slug))
    sectors = sorted(set(applications.known_sectors(event)) | {
        a.sector for a in applications.list_applications(event) if a.sector})
    return render_template("booths/admin/zones.html", event=event, zones=plan.zones(event),
                           rules=plan.zone_rules(event), sectors=sectors)


@bp.route(f"{PREFIX}/settings", methods=["GET", "POST"])
def settings(slug):
    event = event_or_404(slug)
    current = plan.staff_category(event)
    form = SettingsForm(self_selection=event.booth_self_selection, staff_per_booth=event.staff_per_booth,
                        staff_category_id=current.id if current else 0)
    form.staff_category_id.choices = choices([(0, _("(mặc định: mã trung-bay)"))] + [
        (c.id, f"{c.name} ({c.code})") for c in event.categories])
    if form.validate_on_submit():
        try:
            plan.update_settings(event, self_selection=form.self_selection.data,
                                 staff_per_booth=form.staff_per_booth.data,
                                 staff_category_id=form.staff_category_id.data or None)
        except DomainError as exc:
            report_error(exc, form)
        else:
            flash(_("Đã lưu cài đặt gian hàng."), "success")
            return redirect(url_for("booths.overview", slug=slug))
    return render_template("booths/admin/settings.html", event=event, form=form)


@bp.route(f"{PREFIX}/plan.pdf")
def plan_pdf(slug):
    event = event_or_404(slug)
    regular, bold = register_fonts()
    booths, labels = plan.list_booths(event), placement.plan_labels(event)
    data = render_plan_pdf(
        _("Sơ đồ gian hàng – %(event)s", event=event.name), event.venue or event.organiser, booths, labels,
        directory_rows(event), regular, bold, directory_title=_("Danh sách đơn vị trưng bày"),
        headers=(_("Gian hàng"), _("Hợp tác xã"), _("Ngành hàng"), _("Sản phẩm")),
        empty_text=_("Chưa có đơn vị nào được xếp gian."), author=event.organiser, key_title=_("Chú thích"))
    return Response(data, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="so-do-gian-hang-{event.slug}.pdf"'})


@bp.route(f"{PREFIX}/directory.csv")
def directory_download(slug):
    event = event_or_404(slug)
    data = directory_csv(directory_rows(event), header=(_("Gian hàng"), _("Hợp tác xã"), _("Ngành hàng"),
                                                        _("Sản phẩm")))
    return Response(data, mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="don-vi-trung-bay-{event.slug}.csv"'})


@bp.route(f"{PREFIX}/log")
def change_log(slug):
    event = event_or_404(slug)
    entries = db.session.execute(
        db.select(AuditEntry).where(AuditEntry.event_id == event.id,
                                    db.or_(AuditEntry.action.like("booth%"), AuditEntry.action.like("exhibitor%")))
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(500)).scalars().all()
    return render_template("booths/admin/log.html", event=event, entries=entries)
