"""The feature's blueprints: pages (public and organisers') and the JSON API."""
from flask import Blueprint

from ..access import blueprint_roles
from ..registration.contact import display_phone
from .labels import source_label, status_label

bp = blueprint_roles(Blueprint("registration", __name__), "admin")
api_bp = blueprint_roles(Blueprint("registration_api", __name__, url_prefix="/api/v1"), "admin", "door")

bp.add_app_template_filter(status_label, "guest_status")
bp.add_app_template_filter(source_label, "guest_source")
bp.add_app_template_filter(display_phone, "phone")


def registration_availability(event):
    """For the event page: [(public category, 'open' | 'approval' | 'waiting')], [] when closed."""
    from ..events.services import registration_is_open
    from .queries import availability

    if not registration_is_open(event):
        return []
    state = availability(event)
    return [(c, state[c.id]) for c in event.categories if c.public]


bp.add_app_template_global(registration_availability, "registration_availability")
