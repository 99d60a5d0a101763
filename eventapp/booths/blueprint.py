"""The booths blueprint: organiser pages by default; exhibitor and public views say so."""
from flask import Blueprint

from ..access import blueprint_roles

bp = blueprint_roles(Blueprint("booths", __name__), "admin")
