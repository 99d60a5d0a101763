from flask import Blueprint, current_app, session, jsonify, redirect, render_template, request, url_for

from ..access import event_or_404, public, safe_next
from . import services

bp = Blueprint("events", __name__)


@bp.route("/")
@public
def home():
    events = services.list_events(archived=False)
    if len(events) == 1:
        return redirect(url_for("events.event_page", slug=events[0].slug))
    return render_template("events/home.html", events=events)


@bp.route("/e/<slug>/")
@public
def event_page(slug):
    event = event_or_404(slug, scoped=False)
    return render_template("events/event.html", event=event,
                           registration_open=services.registration_is_open(event))


@bp.route("/lang/<code>")
@public
def set_language(code):
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
    return redirect(safe_next(request.args.get("next"), url_for("events.home")))


@bp.route("/healthz")
@public
def healthz():
    try:
        services.database_ok()
    except Exception:  # any database failure means "not healthy" to the load balancer
        return jsonify(status="error", database="unavailable"), 503
    return jsonify(status="ok")
