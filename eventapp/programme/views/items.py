"""The running order: list with computed times, add, edit, delete, move up and down."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ...access import event_or_404
from ...errors import DomainError
from ...forms import report_error
from .. import services
from ..blueprint import bp
from ..forms import ItemForm

FIELDS = ("title", "kind", "duration_minutes", "pinned_start", "speaker_name", "speaker_position",
          "location", "description")


@bp.app_template_global("programme_summary")
def programme_summary(event):
    """(start, title) of each item, for the public event page (templates/programme/_event_public.html)."""
    return services.public_summary(event)


@bp.app_template_global("programme_arrival_counts")
def programme_arrival_counts(event):
    """(arrived, recipients) for the dashboard link (templates/programme/_dashboard_links.html)."""
    return services.arrival_counts(event)


@bp.route("/")
def admin_items(slug):
    event = event_or_404(slug)
    return render_template("programme/items.html", event=event, schedule=services.schedule(event))


@bp.route("/items/new", methods=["GET", "POST"])
def admin_item_new(slug):
    event = event_or_404(slug)
    form = ItemForm()
    if form.validate_on_submit():
        try:
            item = services.create_item(event, **{f: form[f].data for f in FIELDS})
        except DomainError as error:
            report_error(error, form)
        else:
            flash(_("Đã thêm \"%(title)s\" vào cuối chương trình.", title=item.title), "success")
            return redirect(url_for("programme.admin_items", slug=slug))
    return render_template("programme/item_form.html", event=event, form=form, item=None)


@bp.route("/items/<int:item_id>", methods=["GET", "POST"])
def admin_item_edit(slug, item_id):
    event = event_or_404(slug)
    item = services.get_item(event, item_id)
    form = ItemForm(obj=item)
    if request.method == "GET" and item.pinned_start:
        form.pinned_start.data = event.local(item.pinned_start).replace(tzinfo=None)
    if form.validate_on_submit():
        try:
            services.update_item(item, **{f: form[f].data for f in FIELDS})
        except DomainError as error:
            report_error(error, form)
        else:
            flash(_("Đã lưu \"%(title)s\".", title=item.title), "success")
            return redirect(url_for("programme.admin_items", slug=slug))
    return render_template("programme/item_form.html", event=event, form=form, item=item)


@bp.route("/items/<int:item_id>/delete", methods=["POST"])
def admin_item_delete(slug, item_id):
    event = event_or_404(slug)
    item = services.get_item(event, item_id)
    title = item.title
    services.delete_item(item)
    flash(_("Đã xoá \"%(title)s\".", title=title), "success")
    return redirect(url_for("programme.admin_items", slug=slug))


@bp.route("/items/reorder", methods=["POST"])
def admin_items_reorder(slug):
    """Puts the items in the order of the numbers typed next to them (ties keep their order)."""
    event = event_or_404(slug)
    items = services.list_items(event)
    wanted = {item.id: request.form.get(f"position-{item.id}", type=int) for item in items}
    ordered = sorted(items, key=lambda i: (wanted[i.id] if wanted[i.id] is not None else i.position, i.position))
    try:
        services.reorder_items(event, [item.id for item in ordered])
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(_("Đã sắp xếp lại chương trình."), "success")
    return redirect(url_for("programme.admin_items", slug=slug))


@bp.route("/items/<int:item_id>/move", methods=["POST"])
def admin_item_move(slug, item_id):
    event = event_or_404(slug)
    item = services.get_item(event, item_id)
    services.move_item(item, request.form.get("direction", ""))
    return redirect(url_for("programme.admin_items", slug=slug, _anchor=f"item-{item.id}"))
