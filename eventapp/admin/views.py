from flask import Blueprint, current_app, g, render_template, request

from ..access import blueprint_roles, current_organiser, roles
from ..events.services import event_state, list_events
from ..messages import services as messages
from ..messages.models import STATUSES
from . import services

bp = blueprint_roles(Blueprint("admin", __name__, url_prefix="/admin"), "admin")


@bp.route("/")
@roles("admin", "door", "exhibitor")
def dashboard():
    events = list_events(g.principal)
    # Creating events, cooperatives and staff is for the organiser's admins, not those of one event.
    organiser_level = g.principal.role == "admin" and g.principal.event_id is None
    return render_template(
        "admin/dashboard.html", events=events,
        counts=services.event_counts(events) if g.principal.role != "exhibitor" else {},
        active=[e for e in events if e.archived_at is None], archived=[e for e in events if e.archived_at],
        states={event.id: event_state(event) for event in events},
        failed=messages.failed_counts(events) if g.principal.role == "admin" else {},
        organiser_level=organiser_level, organiser=current_organiser() if organiser_level else None)


@bp.route("/outbox")
def outbox():
    """The messages the person may see (their organiser's and events'), newest first."""
    page = request.args.get("page", 1, type=int) or 1
    status = request.args.get("status", "")
    status = status if status in STATUSES else ""
    kind = (request.args.get("kind") or "").strip()[:40]
    event_id = request.args.get("event", type=int)
    rows, total = messages.list_messages(g.principal, status=status, kind=kind, event_id=event_id, page=page)
    # Bodies carry private links: shown only where nothing is sent (development), to the install's administrator.
    show_bodies = g.principal.whole_install and not current_app.config.get("MAIL_SERVER")
    return render_template("admin/outbox.html", messages=rows, total=total, page=page,
                           page_size=messages.PAGE_SIZE, status=status, kind=kind, event_id=event_id,
                           statuses=STATUSES, kinds=messages.kinds_seen(g.principal),
                           events=list_events(g.principal), show_bodies=show_bodies)


@bp.route("/audit")
def audit():
    page = request.args.get("page", 1, type=int) or 1
    event_id = request.args.get("event", type=int)
    action = (request.args.get("action") or "").strip()[:60]
    entries, total = services.audit_entries(g.principal, event_id, action, page)
    return render_template("admin/audit.html", entries=entries, total=total, page=page,
                           page_size=services.AUDIT_PAGE_SIZE, events=list_events(g.principal),
                           event_id=event_id, action=action)
