"""Who may open what, decided in one place for every request.

Each view is public (``@public``) or needs one of a set of roles: given by ``@roles(...)`` on the
view, or else by its blueprint's default in BLUEPRINT_ROLES. A view that declares neither is
refused to everyone: a new view cannot forget its access rule. CSRF is checked here too, for every
state-changing request except an API call authenticated by a bearer key.
"""
import time
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

from flask import abort, current_app, g, jsonify, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .db import end_read_snapshot, read_snapshot
from .extensions import csrf, db

# Default roles per blueprint; views may narrow or widen with @roles.
BLUEPRINT_ROLES: dict[str, frozenset[str]] = {}
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def public(view):
    view._access = "public"
    return view


def roles(*names):
    def decorate(view):
        view._access = frozenset(names)
        return view

    return decorate


def csrf_exempt(view):
    """The view takes POSTs without a CSRF token: only for a request a third party makes by design
    (a mail provider's one-click unsubscribe, RFC 8058) whose worst forgery is harmless."""
    view._csrf_exempt = True
    return view


def blueprint_roles(blueprint, *names):
    BLUEPRINT_ROLES[blueprint.name] = frozenset(names)
    return blueprint


@dataclass
class Principal:
    """Who is making the request: a logged-in staff user or a device with an API key."""

    role: str
    label: str
    event_id: int | None = None
    gate_id: int | None = None
    user: object = None
    api_key: object = None
    # The organiser the person works for; None: the whole install (its first administrator).
    organiser_id: int | None = None

    def may_see_event(self, event):
        """The one rule of who sees which event: their organiser's events, or their one event."""
        if self.organiser_id is not None and event.organiser_id != self.organiser_id:
            return False
        return self.event_id is None or self.event_id == event.id

    @property
    def whole_install(self):
        return self.organiser_id is None and self.event_id is None


def required_roles(endpoint):
    if endpoint == "static" or endpoint.endswith(".static"):
        return "public"  # CSS, JS, fonts: nothing personal is served from static/
    view = current_app.view_functions.get(endpoint)
    if view is None:
        return "public"  # 404s and static are answered by Flask itself
    access = getattr(view, "_access", None)
    if access is not None:
        return access
    blueprint = endpoint.rpartition(".")[0]
    return BLUEPRINT_ROLES.get(blueprint, frozenset())


@cache
def _api_key_by_hash():
    # Built once: every scanning device's request starts here.
    # Plain columns, no ORM instance: nothing to track, expunge or refresh.
    from .auth.models import ApiKey

    return db.select(ApiKey.id, ApiKey.prefix, ApiKey.role, ApiKey.event_id, ApiKey.gate_id,
                     ApiKey.revoked_at).where(ApiKey.key_hash == db.bindparam("key_hash"))


def _api_key(key_hash):
    """The key's row (id, prefix, role, event_id, gate_id, revoked_at) or None.

    Every scanning device sends its key with each scan: each process keeps the rows it has read for
    API_KEY_CACHE_SECONDS (0: no cache). Revoking a key through eventapp.checkin.keys clears this
    process's copy at once; other processes and servers stop accepting it within that time.
    """
    ttl = current_app.config.get("API_KEY_CACHE_SECONDS", 0)
    cached = current_app.extensions.setdefault("api_key_cache", {})
    now = time.monotonic()
    hit = cached.get(key_hash)
    if hit is not None and hit[1] > now:
        return hit[0]
    # A read needs no write lock on SQLite: it runs in a snapshot, ended at once so that the view
    # may write.
    with read_snapshot():
        row = db.session.execute(_api_key_by_hash(), {"key_hash": key_hash}).one_or_none()
    end_read_snapshot(db.session)
    if row is not None and ttl > 0:
        if len(cached) >= 10_000:  # unknown keys are never kept; this bounds the known ones
            cached.clear()
        cached[key_hash] = (row, now + ttl)
    return row


def forget_api_keys(app=None):
    """Drops this process's cached key rows (after a key is revoked)."""
    (app or current_app).extensions.get("api_key_cache", {}).clear()


def _bearer_principal():
    header = request.headers.get("Authorization", "")
    if not header.lower().startswith("bearer "):
        return None
    from .auth.models import hash_api_key

    key = _api_key(hash_api_key(header[7:].strip()))
    if key is None or key.revoked_at is not None:
        return False
    return Principal(role=key.role, label=f"api-key:{key.prefix}", event_id=key.event_id,
                     gate_id=key.gate_id, api_key=key)


def _is_api():
    return request.path.startswith("/api/")


def _refuse(status, message):
    if _is_api():
        response = jsonify(error=message, field=None)
        response.status_code = status
        if status == 401:
            response.headers["WWW-Authenticate"] = "Bearer"
        abort(response)
    if status == 401:
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    abort(status)


def check_access():
    """before_request: identify the principal, check CSRF and the view's roles."""
    g.principal = None
    bearer = _bearer_principal() if _is_api() else None
    if bearer is False:
        return _refuse(401, _("Khoá API không hợp lệ hoặc đã bị thu hồi."))
    # csrf.protect() ignores WTF_CSRF_ENABLED; the switch must still turn it off (tests that judge access alone).
    if bearer is None and request.method not in SAFE_METHODS and current_app.config.get("WTF_CSRF_ENABLED", True) \
            and not getattr(current_app.view_functions.get(request.endpoint), "_csrf_exempt", False):
        csrf.protect()
    if bearer is not None:
        g.principal = bearer
    elif current_user.is_authenticated:
        g.principal = Principal(role=current_user.role, label=current_user.email,
                                event_id=current_user.event_id, user=current_user,
                                organiser_id=current_user.organiser_id)

    access = required_roles(request.endpoint) if request.endpoint else "public"
    if access == "public":
        return None
    if g.principal is None:
        return _refuse(401, _("Cần đăng nhập."))
    if g.principal.role not in access:
        return _refuse(403, _("Bạn không có quyền truy cập trang này."))
    return None


def safe_next(target, fallback):
    """Only a path on this site: never a redirect to another host."""
    if not target:
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return fallback
    return target


def event_or_404(slug, scoped=True, loader=None):
    """The one way a view loads the event its URL names. No such event: NotFound, answered 404 (page
    or JSON) by errors.register_error_handlers. scoped: refused (403) to principals of another event.
    loader: how to read it (events.services.get_event, the ORM row; the check-in API passes its
    lighter checkin.services.event_ref)."""
    from .errors import NotFound
    from .events.services import get_event

    try:
        event = (loader or get_event)(slug)
    except NotFound:
        raise NotFound(_("Không có sự kiện này.")) from None
    if scoped:
        event_scope(event)
    return event


def event_scope(event):
    """Aborts when the principal works for another event."""
    principal = g.get("principal")
    if principal is not None and not principal.may_see_event(event):
        _refuse(403, _("Bạn không có quyền với sự kiện này."))


def current_organiser():
    """The organiser an organiser-level page (events, categories' owner, cooperatives, staff) acts
    for. An admin bound to one event may not use those pages (403). A person of an organiser acts
    for it; the install's administrator for the one chosen (?organiser=ID, kept in the session),
    else the first; None when the install has no organiser yet (before its first event)."""
    from flask import session

    from .events.models import Organiser

    principal = g.get("principal")
    if principal is None or principal.role != "admin" or principal.event_id is not None:
        _refuse(403, _("Bạn không có quyền truy cập trang này."))
    if principal.organiser_id is not None:
        return db.session.get(Organiser, principal.organiser_id)
    chosen = request.args.get("organiser", type=int) or session.get("organiser_id")
    organiser = db.session.get(Organiser, chosen) if chosen else None
    if organiser is None:
        organiser = db.session.execute(db.select(Organiser).order_by(Organiser.id)).scalars().first()
    if organiser is not None:
        session["organiser_id"] = organiser.id
    return organiser
