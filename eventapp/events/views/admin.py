"""The organisers' event pages: create and copy (/admin/events/); edit, close or reopen
registration, archive (/admin/e/<slug>/); the old /admin/events/<slug>/… addresses redirect.
Creating and copying act for the organiser (access.current_organiser); the others for one event
(access.event_or_404)."""
from datetime import date

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ...access import current_organiser, event_or_404, safe_next
from ...badges.branding import LOGO_MAX_BYTES
from ...errors import DomainError
from ...extensions import db
from ...forms import report_error
from .. import cloning, setup
from ..blueprint import admin_bp as bp
from ..forms import CloneForm, EventForm
from ..services import STATE_LABELS, event_state, list_events


@bp.app_template_global("event_state_label")
def event_state_label(state):
    """The organisers' word for an event's state (events.services.event_state)."""
    return STATE_LABELS[state]


def _logo(form):
    upload = form.logo.data
    if not upload or not getattr(upload, "filename", ""):
        return None
    # One byte over the limit is enough for check_logo to refuse it, without reading a huge file.
    return upload.read(LOGO_MAX_BYTES + 1) or b""


def _failed(exc, form):
    db.session.rollback()
    report_error(exc, form)


def _page(template, status_if_errors=400, **context):
    form = context["form"]
    return render_template(template, **context), status_if_errors if form.errors else 200


@bp.route("/events/new", methods=["GET", "POST"])
def create():
    organiser = current_organiser()
    form = EventForm()
    if request.method == "GET":
        form.organiser.data = organiser.name if organiser else ""
    if form.validate_on_submit():
        try:
            event = setup.create_event(organiser, form.values(), logo=_logo(form))
        except DomainError as exc:
            _failed(exc, form)
            if not form.slug.data:
                form.slug.data = setup.proposed_slug(form.name.data or "")  # shown, to edit
        else:
            flash(_("Đã tạo sự kiện “%(name)s”. Trang công khai: /e/%(slug)s/", name=event.name, slug=event.slug),
                  "success")
            return redirect(url_for("admin.dashboard"))
    return _page("events/admin/event_form.html", form=form, event=None, organiser=organiser)


@bp.route("/e/<slug>/")
def event_home(slug):
    """The address every page of one event starts with: its guest list, the desk's daily work."""
    event = event_or_404(slug)
    return redirect(url_for("registration.admin_guests", slug=event.slug))


@bp.route("/e/<slug>/edit", methods=["GET", "POST"])
def edit(slug):
    event = event_or_404(slug)
    form = EventForm()
    if request.method == "GET":
        form.fill(setup.EventValues.of(event))
    if form.validate_on_submit():
        try:
            changed = setup.update_event(event, form.values(), logo=_logo(form), remove_logo=form.remove_logo.data)
        except DomainError as exc:
            _failed(exc, form)
        else:
            flash(_("Đã lưu thông tin sự kiện.") if changed else _("Không có thay đổi nào."), "success")
            return redirect(url_for("events_admin.edit", slug=event.slug))
    return _page("events/admin/event_form.html", form=form, event=event, organiser=event.owner,
                 state=event_state(event))


def _act(slug, action, message):
    event = event_or_404(slug)
    try:
        action(event)
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        flash(message % {"name": event.name}, "success")
    return redirect(safe_next(request.form.get("next"), url_for("events_admin.edit", slug=event.slug)))


@bp.route("/e/<slug>/close", methods=["POST"])
def close(slug):
    return _act(slug, setup.close_registration, _("Đã đóng đăng ký của “%(name)s”."))


@bp.route("/e/<slug>/reopen", methods=["POST"])
def reopen(slug):
    return _act(slug, setup.reopen_registration, _("Đã mở lại đăng ký của “%(name)s”."))


@bp.route("/e/<slug>/archive", methods=["POST"])
def archive(slug):
    return _act(slug, setup.archive_event,
                _("Đã lưu trữ “%(name)s”: sự kiện rời trang chủ công khai và không nhận đăng ký."))


@bp.route("/e/<slug>/unarchive", methods=["POST"])
def unarchive(slug):
    return _act(slug, setup.unarchive_event, _("Đã bỏ lưu trữ “%(name)s”."))


def _next_year(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def _propose(form, source):
    """The copy of last year's event, as a first guess: a year later, the year in its name moved on."""
    day = source.local(source.starts_at).date()
    new_day = _next_year(day)
    form.name.data = source.name.replace(str(day.year), str(new_day.year))
    if str(day.year) in source.slug:  # keeps the organiser's own short form: ngay-hoi-htx-hai-phong-2025
        form.slug.data = source.slug.replace(str(day.year), str(new_day.year))
    else:
        form.slug.data = setup.proposed_slug(form.name.data)
    form.start_date.data = new_day


@bp.route("/events/clone", methods=["GET", "POST"])
def clone():
    organiser = current_organiser()
    sources = [e for e in list_events(g.principal) if organiser and e.organiser_id == organiser.id]
    if not sources:
        flash(_("Chưa có sự kiện nào để sao chép: hãy tạo sự kiện đầu tiên."), "error")
        return redirect(url_for("events_admin.create"))
    form = CloneForm()
    form.set_sources(sources)
    if request.method == "GET":
        chosen = next((e for e in sources if e.slug == request.args.get("source")), sources[0])
        form.source.data = chosen.slug
        _propose(form, chosen)
    if form.validate_on_submit():
        source = next(e for e in sources if e.slug == form.source.data)
        try:
            event = cloning.clone_event(source, name=form.name.data, slug=form.slug.data,
                                        start_date=form.start_date.data, parts=form.parts.data)
        except DomainError as exc:
            _failed(exc, form)
        else:
            flash(_("Đã tạo “%(name)s” từ “%(source)s”. Kiểm tra lại thông tin trước khi mở đăng ký.",
                    name=event.name, source=source.name), "success")
            return redirect(url_for("events_admin.edit", slug=event.slug))
    return _page("events/admin/clone.html", form=form, organiser=organiser)


@bp.route("/events/<slug>/", defaults={"rest": ""}, methods=["GET", "POST"])
@bp.route("/events/<slug>/<path:rest>", methods=["GET", "POST"])
def old_address(slug, rest):
    """One event's pages moved from /admin/events/<slug>/… to /admin/e/<slug>/…: bookmarks and printed
    links keep working (308 keeps a POST a POST)."""
    target = f"{request.script_root}/admin/e/{slug}/{rest}"
    if request.query_string:
        target += "?" + request.query_string.decode("latin-1")
    return redirect(target, code=308)
