"""Configuration, read from environment variables (see the table in README.md)."""
import os
import secrets
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("INSTANCE_PATH", BASE_DIR / "instance"))


def _bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _stored_secret_key():
    """A secret generated once per installation and kept under instance/, never in the code."""
    path = INSTANCE_DIR / "secret_key"
    if path.exists():
        return path.read_text().strip()
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    # O_EXCL: when several workers start at once only one writes; the others read its key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY") or None
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'eventapp.sqlite3'}"
    )
    # No ping before every request: eventapp.db pings a pooled connection only after it sat idle.
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": False}
    SQLITE_BUSY_TIMEOUT_MS = int(os.environ.get("SQLITE_BUSY_TIMEOUT_MS", "15000"))
    # Seconds a process keeps a device's API key row (every scan sends the key); a key revoked
    # on another server stops working within this time. 0: read the key on every request.
    API_KEY_CACHE_SECONDS = float(os.environ.get("API_KEY_CACHE_SECONDS", "10"))

    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_ENABLED = _bool("RATELIMIT_ENABLED", True)
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10 per minute")
    REGISTER_RATE_LIMIT = os.environ.get("REGISTER_RATE_LIMIT", "20 per minute")

    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
    LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}

    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "587"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_USE_TLS = _bool("MAIL_USE_TLS", True)
    MAIL_USE_SSL = _bool("MAIL_USE_SSL", False)
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "Ban tổ chức <no-reply@localhost>")
    # The task queue that delivers messages: empty = a SQLite file in the instance folder (one
    # server); redis://host:6379/1 = Redis (several app servers). Tests run tasks in-process.
    TASK_QUEUE_URL = os.environ.get("TASK_QUEUE_URL", "")
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "")
    # Text messages (eventapp/messages/sms.py): an HTTP gateway taking {"to", "sender", "text"} as
    # JSON. Empty URL: no SMS; links go by e-mail only. A token (Bearer) or a user and password (Basic).
    SMS_GATEWAY_URL = os.environ.get("SMS_GATEWAY_URL", "")
    SMS_GATEWAY_USER = os.environ.get("SMS_GATEWAY_USER", "")
    SMS_GATEWAY_PASSWORD = os.environ.get("SMS_GATEWAY_PASSWORD", "")
    SMS_GATEWAY_TOKEN = os.environ.get("SMS_GATEWAY_TOKEN", "")
    SMS_GATEWAY_TIMEOUT = float(os.environ.get("SMS_GATEWAY_TIMEOUT", "10"))
    SMS_SENDER = os.environ.get("SMS_SENDER", "")

    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_UPLOAD_BYTES", str(5 * 1024 * 1024)))
    WTF_CSRF_TIME_LIMIT = None
    # CSRF is checked centrally (eventapp.access), so that the bearer-key API can be told apart.
    WTF_CSRF_CHECK_DEFAULT = False
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # Behind nginx: the number of proxies whose X-Forwarded-* headers to trust.
    PROXY_FIX_HOPS = int(os.environ.get("PROXY_FIX_HOPS", "0"))
    DEBUG = False
    TESTING = False


class DevelopmentConfig(Config):
    DEBUG = _bool("FLASK_DEBUG", False)


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "test-only-secret-key-not-used-anywhere-else"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    RATELIMIT_ENABLED = False
    RATELIMIT_STORAGE_URI = "memory://"
    WTF_CSRF_ENABLED = True
    MAIL_SERVER = ""
    SMS_GATEWAY_URL = ""


class ProductionConfig(Config):
    HSTS = True
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"

    @classmethod
    def validate(cls, config):
        problems = []
        if config.get("DEBUG"):
            problems.append("DEBUG must be off in production")
        key = config.get("SECRET_KEY") or ""
        if len(key) < 32 or key in {"change-me", "secret", "dev"}:
            problems.append("SECRET_KEY must be set to a random value of at least 32 characters")
        if problems:
            raise RuntimeError("Refusing to start: " + "; ".join(problems))


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_for(name=None):
    return CONFIGS[(name or os.environ.get("APP_ENV", "development")).lower()]


def secret_key_fallback():
    return _stored_secret_key()
