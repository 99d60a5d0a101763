from flask import Blueprint, render_template

from ..access import blueprint_roles, roles
from ..events.services import list_events
from ..mail import outbox_messages
from . import services

bp = blueprint_roles(Blueprint("admin", __name__, url_prefix="/admin"), "admin")


@bp.route("/")
@roles("admin", "door", "exhibitor")
def dashboard():
    events = list_events()
    counts = {event.id: services.guest_counts(event) for event in events}
    return render_template("admin/dashboard.html", events=events, counts=counts)


@bp.route("/outbox")
def outbox():
    return render_template("admin/outbox.html", messages=outbox_messages())
