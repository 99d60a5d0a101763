from flask import Blueprint, abort, g, render_template, request

from ..access import blueprint_roles, roles
from ..events.services import list_events
from ..mail import outbox_messages
from . import services

bp = blueprint_roles(Blueprint("admin", __name__, url_prefix="/admin"), "admin")


@bp.route("/")
@roles("admin", "door", "exhibitor")
def dashboard():
    events = list_events(g.principal)
    counts = {event.id: services.guest_counts(event) for event in events}
    return render_template("admin/dashboard.html", events=events, counts=counts)


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
