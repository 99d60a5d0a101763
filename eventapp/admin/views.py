from flask import Blueprint, abort, g, render_template, request

from ..access import blueprint_roles, current_organiser, roles
from ..events.services import event_state, list_events
from ..mail import outbox_messages
from . import services

bp = blueprint_roles(Blueprint("admin", __name__, url_prefix="/admin"), "admin")


@bp.route("/")
@roles("admin", "door", "exhibitor")
def dashboard():
    events = list_events(g.principal)
    # Creating events, cooperatives and staff is for the organiser's admins, not those of one event.
    organiser_level = g.principal.role == "admin" and g.principal.event_id is None
    return render_template(
        "admin/dashboard.html", events=events, counts=services.event_counts(events),
        active=[e for e in events if e.archived_at is None], archived=[e for e in events if e.archived_at],
        states={event.id: event_state(event) for event in events},
        organiser_level=organiser_level, organiser=current_organiser() if organiser_level else None)


@bp.route("/outbox")
def outbox():
    # The development outbox is one folder for the whole install: only its administrator reads it.
    if not g.principal.whole_install:
        abort(403)
    return render_template("admin/outbox.html", messages=outbox_messages())


@bp.route("/audit")
def audit():
    page = request.args.get("page", 1, type=int) or 1
    event_id = request.args.get("event", type=int)
    action = (request.args.get("action") or "").strip()[:60]
    entries, total = services.audit_entries(g.principal, event_id, action, page)
    return render_template("admin/audit.html", entries=entries, total=total, page=page,
                           page_size=services.AUDIT_PAGE_SIZE, events=list_events(g.principal),
                           event_id=event_id, action=action)
