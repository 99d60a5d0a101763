"""The programme feature's blueprints; the routes live in the views_* modules."""
from . import views_awards, views_import, views_items, views_print  # noqa: F401  (register their routes)
from .blueprint import bp

blueprints = [bp]
