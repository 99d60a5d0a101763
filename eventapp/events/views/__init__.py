"""The events pages: public (home, the event's page) and admin (create, edit, copy, close, archive)."""
from ..blueprint import admin_bp, bp
from . import admin, public  # noqa: F401  (they add their routes to the blueprints)

blueprints = [bp, admin_bp]
