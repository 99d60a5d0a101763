"""Guest categories of an event: the organisers' pages."""
from flask import Blueprint

from ..access import blueprint_roles

bp = blueprint_roles(Blueprint("categories", __name__), "admin")
