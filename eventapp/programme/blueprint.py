"""The organisers' programme pages, all under /admin/e/<slug>/programme (admin role)."""
from flask import Blueprint, abort, flash

from ..access import blueprint_roles, event_scope
from ..errors import NotFound
from ..events.services import get_event

bp = blueprint_roles(Blueprint("programme", __name__, url_prefix="/admin/e/<slug>/programme"), "admin")


def load_event(slug):
    """The event of the URL, refused when the signed-in organiser works for another event."""
    try:
        event = get_event(slug)
    except NotFound:
        abort(404)
    event_scope(event)
    return event


def found(loader, *args):
    """Calls a service getter; a NotFound domain error becomes a 404 page."""
    try:
        return loader(*args)
    except NotFound:
        abort(404)


def show_error(form, error):
    """Puts a service's DomainError next to its form field, or flashes it."""
    field = getattr(form, error.field, None) if (form is not None and error.field) else None
    if field is not None:
        field.errors = list(field.errors) + [error.message]
    else:
        flash(error.message, "error")


@bp.context_processor
def programme_labels():
    from . import labels

    return {"labels": labels}
