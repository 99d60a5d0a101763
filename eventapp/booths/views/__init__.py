"""The booth pages: plan (the floor plan), allocation (applications, allocation, manual changes), portal
(the exhibitor's pages) and public. The blueprint lives in ..blueprint."""
from . import allocation, plan, portal, public  # noqa: F401  (they add their routes to the blueprint)
from ..blueprint import bp

blueprints = [bp]
