"""Registration's blueprints; the routes live in public_views, admin_views and api."""
from . import admin_views, api, desk_views, public_views  # noqa: F401  (they add their routes to the blueprints)
from .blueprint import api_bp, bp

blueprints = [bp, api_bp]
