"""The booths blueprint: organiser pages by default; exhibitor and public views say so."""
from flask import Blueprint, flash

from ..access import blueprint_roles, event_or_404

bp = blueprint_roles(Blueprint("booths", __name__), "admin")


def event_for(slug):
    return event_or_404(slug)


def report_error(exc, form=None):
    """A domain error onto its form field when the form has it, else as a flash message."""
    field = getattr(form, exc.field, None) if (form is not None and exc.field) else None
    if field is not None:
        field.errors = list(field.errors) + [exc.message]
    else:
        flash(exc.message, "error")
