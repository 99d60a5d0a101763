from flask import Response, abort, current_app, jsonify, redirect, render_template, request, session, url_for

from ...access import event_or_404, public, safe_next
from .. import services
from ..blueprint import bp


@bp.route("/")
@public
def home():
    events = services.list_events(archived=False)
    if len(events) == 1:
        return redirect(url_for("events.event_page", slug=events[0].slug))
    return render_template("events/home.html", events=events)


@bp.route("/favicon.ico")
@public
def favicon():
    # Pages name their icon (base.html); a browser that asks the default place is sent there.
    return redirect(url_for("static", filename="img/favicon.svg"), 301)


@bp.route("/e/<slug>/")
@public
def event_page(slug):
    event = event_or_404(slug, scoped=False)
    state = services.event_state(event)
    return render_template("events/event.html", event=event, state=state, registration_open=state == "open")


@bp.route("/e/<slug>/logo")
@public
def event_logo(slug):
    """The logo shown on the public page (the same image the badges print)."""
    event = event_or_404(slug, scoped=False)
    if not event.logo:
        abort(404)
    return Response(event.logo, mimetype=event.logo_mime, headers={"Cache-Control": "public, max-age=300"})


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
