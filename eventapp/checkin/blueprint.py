"""The check-in blueprints: "checkin", the organisers' pages (admin) and the door pages (door, admin);
"checkin_api", the JSON API under /api/v1 (staff session with X-CSRFToken, or a bearer key)."""
from flask import Blueprint

from ..access import blueprint_roles

bp = blueprint_roles(Blueprint("checkin", __name__), "admin")
api_bp = blueprint_roles(Blueprint("checkin_api", __name__, url_prefix="/api/v1"), "admin", "door")
