"""Blueprints of the check-in feature: its pages (organisers and door staff) and its JSON API."""
from ..blueprint import api_bp, bp
from . import admin, api, door  # noqa: F401  (they add their routes to the blueprints)

blueprints = [bp, api_bp]
