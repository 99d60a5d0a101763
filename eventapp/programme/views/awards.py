"""Award categories and recipients: the order of calling, links to guests and cooperatives,
and which recipients have arrived."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ...access import event_or_404
from ...errors import DomainError
from ...forms import report_error
from .. import awards, services
from ..blueprint import bp
from ..forms import CategoryForm, LinkForm, RecipientForm

CATEGORY_FIELDS = ("name", "awarding_body", "kind", "programme_item_id", "presenter", "certificate_template",
                   "certificate_text", "national_heading", "decision_number", "decision_date", "signing_place",
                   "signing_date", "signer_title", "signer_name", "preprinted", "offset_x_mm", "offset_y_mm")
RECIPIENT_FIELDS = ("name", "is_collective", "title", "organization")


def _category_form(event, obj=None, prefix=""):
    form = CategoryForm(obj=obj, prefix=prefix)
    form.set_rounds(services.list_items(event))
    if request.method == "GET" and obj is not None:
        form.programme_item_id.data = str(obj.programme_item_id or "")
    return form


@bp.route("/awards")
def admin_awards(slug):
    event = event_or_404(slug)
    return render_template("programme/awards.html", event=event, categories=awards.list_categories(event))


@bp.route("/awards/new", methods=["GET", "POST"])
def admin_award_new(slug):
    event = event_or_404(slug)
    form = _category_form(event)
    if form.validate_on_submit():
        try:
            category = awards.create_category(event, **{f: form[f].data for f in CATEGORY_FIELDS})
        except DomainError as error:
            report_error(error, form)
        else:
            flash(_("Đã thêm hình thức khen thưởng \"%(name)s\".", name=category.name), "success")
            return redirect(url_for("programme.admin_award", slug=slug, category_id=category.id))
    return render_template("programme/award_form.html", event=event, form=form, category=None)


@bp.route("/awards/<int:category_id>", methods=["GET", "POST"])
def admin_award(slug, category_id):
    event = event_or_404(slug)
    category = awards.get_category(event, category_id)
    # Prefixed: the page also holds the recipient form, whose fields have the same names.
    form = _category_form(event, category, prefix="category")
    if form.validate_on_submit():
        try:
            awards.update_category(category, **{f: form[f].data for f in CATEGORY_FIELDS})
        except DomainError as error:
            report_error(error, form)
        else:
            flash(_("Đã lưu."), "success")
            return redirect(url_for("programme.admin_award", slug=slug, category_id=category.id))
    return render_template("programme/award.html", event=event, category=category, form=form,
                           recipient_form=RecipientForm(formdata=None))


@bp.route("/awards/<int:category_id>/delete", methods=["POST"])
def admin_award_delete(slug, category_id):
    event = event_or_404(slug)
    category = awards.get_category(event, category_id)
    name = category.name
    awards.delete_category(category)
    flash(_("Đã xoá hình thức khen thưởng \"%(name)s\" và danh sách người nhận.", name=name), "success")
    return redirect(url_for("programme.admin_awards", slug=slug))


@bp.route("/awards/<int:category_id>/move", methods=["POST"])
def admin_award_move(slug, category_id):
    event = event_or_404(slug)
    category = awards.get_category(event, category_id)
    awards.move_category(category, request.form.get("direction", ""))
    return redirect(url_for("programme.admin_awards", slug=slug, _anchor=f"category-{category.id}"))


@bp.route("/awards/<int:category_id>/link", methods=["POST"])
def admin_award_link_matching(slug, category_id):
    event = event_or_404(slug)
    category = awards.get_category(event, category_id)
    linked = awards.link_matching(category)
    flash(_("Đã liên kết %(n)d người nhận với khách hoặc HTX trùng tên.", n=linked), "success")
    return redirect(url_for("programme.admin_award", slug=slug, category_id=category.id))


@bp.route("/awards/<int:category_id>/recipients/new", methods=["GET", "POST"])
def admin_recipient_new(slug, category_id):
    event = event_or_404(slug)
    category = awards.get_category(event, category_id)
    form = RecipientForm()
    if form.validate_on_submit():
        try:
            recipient = awards.add_recipient(category, **{f: form[f].data for f in RECIPIENT_FIELDS})
        except DomainError as error:
            report_error(error, form)
        else:
            flash(_("Đã thêm \"%(name)s\" (thứ tự %(n)d).", name=recipient.name, n=recipient.position), "success")
            return redirect(url_for("programme.admin_award", slug=slug, category_id=category.id,
                                    _anchor="add-recipient"))
    return render_template("programme/recipient_form.html", event=event, category=category, form=form,
                           recipient=None)


@bp.route("/awards/<int:category_id>/recipients/<int:recipient_id>", methods=["GET", "POST"])
def admin_recipient_edit(slug, category_id, recipient_id):
    event = event_or_404(slug)
    category = awards.get_category(event, category_id)
    recipient = awards.get_recipient(category, recipient_id)
    form = RecipientForm(obj=recipient)
    if form.validate_on_submit():
        try:
            awards.update_recipient(recipient, **{f: form[f].data for f in RECIPIENT_FIELDS})
        except DomainError as error:
            report_error(error, form)
        else:
            flash(_("Đã lưu \"%(name)s\".", name=recipient.name), "success")
            return redirect(url_for("programme.admin_award", slug=slug, category_id=category.id))
    guests = awards.guest_candidates(event, recipient.name, recipient.organization)
    coops = awards.cooperative_candidates(event, recipient.name if recipient.is_collective else recipient.organization)
    return render_template("programme/recipient_form.html", event=event, category=category, form=form,
                           recipient=recipient, guests=guests, coops=coops)


@bp.route("/awards/<int:category_id>/recipients/<int:recipient_id>/link", methods=["POST"])
def admin_recipient_link(slug, category_id, recipient_id):
    event = event_or_404(slug)
    category = awards.get_category(event, category_id)
    recipient = awards.get_recipient(category, recipient_id)
    form = LinkForm()
    try:
        awards.link_recipient(recipient, guest_id=form.guest_id.data or None,
                              cooperative_id=form.cooperative_id.data or None)
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(_("Đã cập nhật liên kết."), "success")
    return redirect(url_for("programme.admin_recipient_edit", slug=slug, category_id=category.id,
                            recipient_id=recipient.id))


@bp.route("/awards/<int:category_id>/recipients/<int:recipient_id>/delete", methods=["POST"])
def admin_recipient_delete(slug, category_id, recipient_id):
    event = event_or_404(slug)
    category = awards.get_category(event, category_id)
    recipient = awards.get_recipient(category, recipient_id)
    name = recipient.name
    awards.delete_recipient(recipient)
    flash(_("Đã xoá \"%(name)s\" khỏi danh sách.", name=name), "success")
    return redirect(url_for("programme.admin_award", slug=slug, category_id=category.id))


@bp.route("/awards/<int:category_id>/recipients/<int:recipient_id>/move", methods=["POST"])
def admin_recipient_move(slug, category_id, recipient_id):
    event = event_or_404(slug)
    category = awards.get_category(event, category_id)
    recipient = awards.get_recipient(category, recipient_id)
    awards.move_recipient(recipient, request.form.get("direction", ""))
    return redirect(url_for("programme.admin_award", slug=slug, category_id=category.id,
                            _anchor=f"recipient-{recipient.id}"))


@bp.route("/awards/arrivals")
def admin_arrivals(slug):
    event = event_or_404(slug)
    return render_template("programme/arrivals.html", event=event, groups=services.recipient_arrivals(event))
