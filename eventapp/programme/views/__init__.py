"""The programme pages: items (the running order), awards, imports and printing. The blueprint lives in
..blueprint."""
from ..blueprint import bp
from . import awards, imports, items, printing  # noqa: F401  (they add their routes to the blueprint)

blueprints = [bp]
