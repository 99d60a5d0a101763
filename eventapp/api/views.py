"""JSON API under /api/v1. Staff session with the X-CSRFToken header, or a bearer API key."""
from flask import Blueprint, jsonify

from ..access import blueprint_roles, public
from ..events.services import list_events
from .openapi import openapi_document

bp = blueprint_roles(Blueprint("api", __name__, url_prefix="/api/v1"), "admin", "door")


@bp.route("/openapi.json")
@public
def openapi():
    return jsonify(openapi_document())


@bp.route("/events")
def events():
    from flask import g

    visible = list_events(g.principal)
    return jsonify(events=[
        {"slug": e.slug, "name": e.name, "starts_at": e.starts_at.isoformat(),
         "ends_at": e.ends_at.isoformat(), "venue": e.venue, "timezone": e.timezone}
        for e in visible
    ])
