"""The booth pages: plan (the floor plan), allocation (applications, allocation, manual changes), portal
(the exhibitor's pages) and public. The blueprint lives in ..blueprint."""
from ..blueprint import bp
from . import allocation, plan, portal, public  # noqa: F401  (they add their routes to the blueprint)

blueprints = [bp]
