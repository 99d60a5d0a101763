"""The organisers' programme pages, all under /admin/e/<slug>/programme (admin role)."""
from flask import Blueprint

from ..access import blueprint_roles

bp = blueprint_roles(Blueprint("programme", __name__, url_prefix="/admin/e/<slug>/programme"), "admin")


@bp.context_processor
def programme_labels():
    from . import labels

    return {"labels": labels}
