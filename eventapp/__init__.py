"""The Cooperative Day application: create_app() builds it."""
import importlib
import os
from pathlib import Path

from flask import Flask, g

PACKAGE_DIR = Path(__file__).resolve().parent


def _load_config(app, config):
    import config as settings

    if isinstance(config, str):
        base = settings.config_for(config)
    elif isinstance(config, dict) and config.get("TESTING"):
        base = settings.TestingConfig
    else:
        base = settings.config_for(None)
    app.config.from_object(base)
    if isinstance(config, dict):
        app.config.update(config)
    elif config is not None and not isinstance(config, str):
        app.config.from_object(config)
    validate = getattr(base, "validate", None)
    if validate is not None:
        # Production wants SECRET_KEY from the environment: several servers must share it.
        validate(app.config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = settings.secret_key_fallback()


# The features, in the order their blueprints are registered. Each has views.py with `blueprints`
# (or `bp`); the commands of each cli.py are listed in eventapp/cli.py.
FEATURES = ("events", "auth", "admin", "api", "registration", "privacy", "badges", "checkin", "booths", "programme",
            "categories", "cooperatives", "staff", "messages", "jobs", "layouts")


def _register_blueprints(app):
    for name in FEATURES:
        views = importlib.import_module(f"{__name__}.{name}.views")
        for blueprint in getattr(views, "blueprints", [views.bp]):
            app.register_blueprint(blueprint)


def create_app(config=None):
    """config: None (APP_ENV, default development), a name ('testing'...), a class or a dict."""
    app = Flask(
        __name__,
        template_folder="../templates",
        static_folder="../static",
        instance_path=os.environ.get("INSTANCE_PATH", str(PACKAGE_DIR.parent / "instance")),
    )
    _load_config(app, config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    from . import db as db_settings
    from . import i18n, security
    from .access import check_access
    from .cli import register_cli
    from .errors import register_error_handlers
    from .extensions import babel, csrf, db, limiter, login_manager, migrate

    db_settings.SQLITE_BUSY_TIMEOUT_MS = app.config["SQLITE_BUSY_TIMEOUT_MS"]
    db.init_app(app)
    migrate.init_app(app, db, directory=str(PACKAGE_DIR / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", ";".join(i18n.translation_directories()))
    babel.init_app(app, locale_selector=i18n.select_locale)
    i18n.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"

    from . import models  # noqa: F401  (every model, so that metadata and migrations see them)

    @login_manager.user_loader
    def load_user(session_id):
        from .auth.services import user_for_session

        return user_for_session(session_id)

    @app.before_request
    def fresh_request_caches():
        # Flask-Babel and Flask-Login cache the locale and user on `g`, which lives as long as the
        # app context; when a caller keeps one app context for many requests (tests, scripts),
        # each request must still judge its own language, user and CSRF token (Flask-WTF's).
        g.pop("_flask_babel", None)
        g.pop("_login_user", None)
        g.pop("csrf_token", None)

    app.before_request(check_access)
    security.init_app(app)
    register_error_handlers(app)
    _register_blueprints(app)
    register_cli(app)
    return app
