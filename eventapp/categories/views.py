"""Guest categories of an event: the organisers' pages, under /admin/e/<slug>/categories (admin role)."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..access import blueprint_roles, event_or_404
from ..errors import DomainError
from ..extensions import db
from ..forms import report_error
from . import services
from .forms import CategoryForm

bp = blueprint_roles(Blueprint("categories", __name__, url_prefix="/admin/e/<slug>/categories"), "admin")


def _to_list(event, category=None):
    anchor = f"category-{category.id}" if category is not None else None
    return redirect(url_for("categories.admin_list", slug=event.slug, _anchor=anchor))


def _report(exc, form):
    db.session.rollback()
    exc.field = form.error_field(exc.field)
    report_error(exc, form)


def _flash_saved(saved):
    category = saved.category
    flash(_("Đã lưu thành phần «%(name)s».", name=category.name), "success")
    if saved.promoted:
        flash(_("%(n)d khách được chuyển từ danh sách chờ sang đã đăng ký (theo thứ tự đăng ký) và được báo "
                "qua email: %(names)s.", n=len(saved.promoted),
                names=", ".join(g.full_name for g in saved.promoted)), "info")
    if saved.over_capacity:
        flash(_("%(n)d khách đã đăng ký vượt sức chứa mới; không ai bị huỷ.", n=saved.over_capacity), "info")


@bp.route("/")
def admin_list(slug):
    event = event_or_404(slug)
    return render_template("categories/list.html", event=event, rows=services.overview(event))


@bp.route("/new", methods=["GET", "POST"])
def admin_new(slug):
    event = event_or_404(slug)
    form = CategoryForm()
    if form.validate_on_submit():
        try:
            category = services.create_category(event, **form.values())
        except DomainError as exc:
            _report(exc, form)
            if not (form.code.data or "").strip():
                form.code.data = services.propose_code(form.name.data)  # shown, to be corrected
        else:
            flash(_("Đã thêm thành phần «%(name)s» (mã %(code)s).", name=category.name, code=category.code),
                  "success")
            return _to_list(event, category)
    return render_template("categories/form.html", event=event, form=form, category=None), \
        (400 if form.errors else 200)


@bp.route("/<int:category_id>", methods=["GET", "POST"])
def admin_edit(slug, category_id):
    event = event_or_404(slug)
    category = services.get_category(event, category_id)
    form = CategoryForm()
    if request.method == "GET":
        form.set_category(category)
    if form.validate_on_submit():
        try:
            saved = services.update_category(category, **form.values())
        except DomainError as exc:
            _report(exc, form)
        else:
            _flash_saved(saved)
            return _to_list(event, category)
    return render_template("categories/form.html", event=event, form=form, category=category,
                           registered=services.registered_count(category)), (400 if form.errors else 200)


@bp.route("/<int:category_id>/move", methods=["POST"])
def admin_move(slug, category_id):
    event = event_or_404(slug)
    category = services.get_category(event, category_id)
    try:
        services.move_category(category, request.form.get("direction", ""))
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    return _to_list(event, category)


@bp.route("/<int:category_id>/retire", methods=["POST"])
def admin_retire(slug, category_id):
    event = event_or_404(slug)
    category = services.get_category(event, category_id)
    try:
        services.retire_category(category)
    except DomainError as exc:
        flash(exc.message, "error")
    else:
        flash(_("Thành phần «%(name)s» đã đóng, không nhận đăng ký mới.", name=category.name), "success")
        flash(_("Khách đã có trong thành phần này vẫn được giữ nguyên."), "info")
    return _to_list(event, category)


@bp.route("/<int:category_id>/reopen", methods=["POST"])
def admin_reopen(slug, category_id):
    event = event_or_404(slug)
    category = services.get_category(event, category_id)
    try:
        services.reopen_category(category)
    except DomainError as exc:
        flash(exc.message, "error")
    else:
        flash(_("Đã mở lại thành phần «%(name)s».", name=category.name), "success")
    return _to_list(event, category)


@bp.route("/<int:category_id>/delete", methods=["GET", "POST"])
def admin_delete(slug, category_id):
    """GET: what deleting would do, or why it cannot be done (with retiring offered)."""
    event = event_or_404(slug)
    category = services.get_category(event, category_id)
    if request.method == "POST":
        name = category.name
        try:
            services.delete_category(category)
        except DomainError as exc:
            flash(exc.message, "error")
        else:
            flash(_("Đã xoá thành phần «%(name)s».", name=name), "success")
            return _to_list(event)
    return render_template("categories/delete.html", event=event, category=category,
                           reasons=services.deletion_blockers(category))
