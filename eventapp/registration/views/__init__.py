"""Registration's routes: public (the guest's pages), admin (the organisers' guest list and guest page),
desk (the guest desk on the day) and api (JSON under /api/v1). The blueprints live in ..blueprint."""
from ..blueprint import api_bp, bp
from . import admin, api, desk, public  # noqa: F401  (they add their routes to the blueprints)

blueprints = [bp, api_bp]
