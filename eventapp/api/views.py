"""JSON API under /api/v1. Staff session with the X-CSRFToken header, or a bearer API key.

Each feature adds its routes to its own /api/v1 blueprint (checkin_api, registration_api); this one
serves the list of events and the OpenAPI document of them all (eventapp.api.schema)."""
from datetime import datetime

from flask import Blueprint, g, jsonify
from pydantic import BaseModel

from ..access import blueprint_roles, public
from ..events.services import list_events
from .schema import endpoint, openapi_document

bp = blueprint_roles(Blueprint("api", __name__, url_prefix="/api/v1"), "admin", "door")


class Event(BaseModel):
    slug: str
    name: str
    starts_at: datetime
    ends_at: datetime
    venue: str | None = None
    timezone: str | None = None


class EventList(BaseModel):
    events: list[Event]


@bp.route("/openapi.json")
@public
def openapi():
    return jsonify(openapi_document())


@bp.route("/events")
@endpoint("Các sự kiện mà khoá hoặc tài khoản được xem", answers={200: EventList}, errors=(401,))
def events():
    visible = list_events(g.principal)
    return jsonify(events=[
        {"slug": e.slug, "name": e.name, "starts_at": e.starts_at.isoformat(),
         "ends_at": e.ends_at.isoformat(), "venue": e.venue, "timezone": e.timezone}
        for e in visible
    ])
