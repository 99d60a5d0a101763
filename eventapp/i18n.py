"""Language choice and Vietnamese formats: dd/mm/yyyy, 24-hour times, in the event's time zone."""
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import current_app, has_request_context, request, session
from flask_babel import get_locale

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_TZ = "Asia/Ho_Chi_Minh"


def translation_directories():
    """Each feature keeps its own catalogue (eventapp/<feature>/translations); Flask-Babel merges them."""
    return sorted(str(p) for p in PACKAGE_DIR.glob("**/translations") if p.is_dir())


def select_locale():
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    languages = current_app.config["LANGUAGES"]
    chosen = request.args.get("lang")
    if chosen in languages:
        session["lang"] = chosen
        return chosen
    if session.get("lang") in languages:
        return session["lang"]
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def current_locale():
    """The language of what is being rendered: the request's (chosen once per request by
    select_locale) or the one forced for a message or a printout (flask_babel.force_locale)."""
    if has_request_context():
        locale = get_locale()
        if locale is not None:
            return str(locale)
    return select_locale()


def _local(moment, tz):
    if moment is None:
        return None
    return moment.astimezone(ZoneInfo(tz or DEFAULT_TZ))


def format_date(moment, tz=None):
    if moment is None:
        return ""
    if hasattr(moment, "hour"):
        moment = _local(moment, tz)
    return moment.strftime("%d/%m/%Y")


def format_time(moment, tz=None):
    return _local(moment, tz).strftime("%H:%M") if moment else ""


def format_datetime(moment, tz=None):
    return _local(moment, tz).strftime("%H:%M %d/%m/%Y") if moment else ""


def format_number(value):
    """5000 → "5.000" in Vietnamese, "5,000" in English."""
    from flask_babel import format_decimal

    return format_decimal(value)


def init_app(app):
    app.jinja_env.filters["date"] = format_date
    app.jinja_env.filters["time"] = format_time
    app.jinja_env.filters["datetime"] = format_datetime
    app.jinja_env.filters["number"] = format_number
    app.jinja_env.globals["current_locale"] = current_locale
