"""The "checkin" blueprint: organisers' pages (admin) and the door pages (door, admin)."""
from flask import Blueprint

from ..access import blueprint_roles

bp = blueprint_roles(Blueprint("checkin", __name__), "admin")
