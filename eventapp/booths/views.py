"""The booth pages. The routes live in views_plan (the floor plan), views_allocation (applications,
allocation, manual changes), views_portal (the exhibitor's pages) and views_public."""
from . import views_allocation, views_plan, views_portal, views_public  # noqa: F401  (register routes)
from .blueprint import bp

blueprints = [bp]
