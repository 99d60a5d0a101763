from flask import Blueprint

from ..access import blueprint_roles

bp = blueprint_roles(Blueprint("booths", __name__), "admin")
blueprints = [bp]
