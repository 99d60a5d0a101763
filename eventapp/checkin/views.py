"""Blueprints of the check-in feature: its pages (organisers and door staff) and its JSON API."""
from . import admin_views, door_views, openapi  # noqa: F401  (routes on bp; API paths in the OpenAPI document)
from .api import api_bp
from .blueprint import bp

blueprints = [bp, api_bp]
