"""The organiser's registry of member cooperatives: the organisers' pages."""
from flask import Blueprint

from ..access import blueprint_roles

bp = blueprint_roles(Blueprint("cooperatives", __name__), "admin")
