"""Staff accounts of an organiser: invitations, roles, deactivation, sessions."""
from flask import Blueprint

from ..access import blueprint_roles

bp = blueprint_roles(Blueprint("staff", __name__), "admin")
