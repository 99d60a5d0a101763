"""Security headers on every response, and private links kept out of logs.

Pages use no inline script or style, so the CSP can forbid them."""
import logging
import re

CSP = "; ".join([
    "default-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "style-src 'self'",
    "script-src 'self'",
    "object-src 'none'",
    # The layout designer shows the PDF the server drew for the layout on screen from a blob: address.
    "frame-src 'self' blob:",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


# Paths whose next segment is a secret: a guest's private link (full control of the registration),
# an exhibitor's or a staff member's set-password link. Access logs keep the path without it.
_SECRET_SEGMENT = re.compile(r"(/g/|/exhibitor/password/|/staff/invitation/)[^/?#\s\"]+")
REDACTED = "***"


def redact_tokens(text):
    """'GET /g/Zx9.../badge.pdf' -> 'GET /g/***/badge.pdf'; anything else unchanged."""
    if not text or not isinstance(text, str):
        return text
    return _SECRET_SEGMENT.sub(lambda m: m.group(1) + REDACTED, text)


class RedactingFilter(logging.Filter):
    """For the development server's request log (werkzeug), which prints each request line."""

    def filter(self, record):
        if isinstance(record.msg, str):
            record.msg = redact_tokens(record.msg)
        if record.args:
            record.args = tuple(redact_tokens(a) if isinstance(a, str) else a for a in record.args)
        return True


def _has_nul(values):
    return any("\x00" in key or "\x00" in value for key, value in values.items(multi=True))


def refuse_nul_characters():
    """before_request: a NUL in a query parameter or a form field is refused (400) before any view
    runs. PostgreSQL refuses NUL in text, so it would otherwise reach users as a 500; no field of
    the app ever needs one."""
    from flask import abort, request
    from flask_babel import gettext as _

    if _has_nul(request.args) or (request.method not in ("GET", "HEAD", "OPTIONS") and _has_nul(request.form)):
        abort(400, description=_("Yêu cầu chứa ký tự không hợp lệ."))


def init_app(app):
    app.before_request(refuse_nul_characters)

    @app.after_request
    def set_headers(response):
        from flask import request

        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        # Production is served over HTTPS only (deploy/nginx.conf sends the same header): browsers
        # must never try plain HTTP again, even when nginx reaches the app over plain HTTP.
        if request.is_secure or app.config.get("HSTS"):
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response

    if app.config.get("PROXY_FIX_HOPS"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = int(app.config["PROXY_FIX_HOPS"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    werkzeug_log = logging.getLogger("werkzeug")
    if not any(isinstance(f, RedactingFilter) for f in werkzeug_log.filters):
        werkzeug_log.addFilter(RedactingFilter())
