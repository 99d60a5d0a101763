"""The events blueprints: "events", the public pages (home, the event's page, its logo, language,
health) and "events_admin", the organisers' pages: the collection under /admin/events/ (new, copy)
and one event's settings under /admin/e/<slug>/."""
from flask import Blueprint

from ..access import blueprint_roles

bp = Blueprint("events", __name__)
admin_bp = blueprint_roles(Blueprint("events_admin", __name__, url_prefix="/admin"), "admin")
