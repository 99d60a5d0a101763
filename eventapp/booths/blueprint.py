"""The booths blueprint: organiser pages by default; exhibitor and public views say so."""
from flask import Blueprint

from ..access import blueprint_roles, event_or_404
from ..forms import report_error  # noqa: F401  (the booth views import it from here)

bp = blueprint_roles(Blueprint("booths", __name__), "admin")


def event_for(slug):
    return event_or_404(slug)
