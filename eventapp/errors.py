"""Domain errors raised by services, and the HTTP error pages."""
from flask import jsonify, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InterfaceError, OperationalError


class DomainError(Exception):
    """A rule of the event was broken; the message is for the user. ``field`` names a form field
    (or the JSON field of an API request). Each kind carries the HTTP status it is answered with."""

    status = 422  # the request is understood but breaks a rule: a bad value, a closed category...

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(DomainError):
    """No such thing, or none the person may know of (another event's guest)."""

    status = 404


class NotAllowed(DomainError):
    """The thing exists but is not this person's to act on (another gate's key, another's scan)."""

    status = 403


class Conflict(DomainError):
    """The request is right but the data's state refuses it (already cancelled, code taken)."""

    status = 409


class Invalid(DomainError):
    """Several values at fault at once (a form checked whole): ``errors`` holds each one's
    DomainError; the first gives the message and the field of the usual answer."""

    def __init__(self, errors):
        super().__init__(errors[0].message, errors[0].field)
        self.errors = list(errors)


class Checks:
    """A form's checks run one after the other, every failure reported rather than the first:
    run() returns what a check returns (None when it failed), done() raises what failed (the one
    DomainError, or Invalid with all of them)."""

    def __init__(self):
        self.errors = []

    def run(self, check, *args, **kwargs):
        try:
            return check(*args, **kwargs)
        except DomainError as exc:
            self.errors.append(exc)
            return None

    def done(self):
        if len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            raise Invalid(self.errors)


_TITLES = {
    404: _l("Không tìm thấy"),
    403: _l("Không có quyền"),
    409: _l("Không thực hiện được"),
    422: _l("Yêu cầu không hợp lệ"),
}


def _wants_json():
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def error_body(message, field=None, errors=None):
    """The one shape of an error in JSON, on every /api/v1 endpoint: {"error": text, "field": name|null},
    and "errors": [{"error", "field"}, ...] when several values were at fault at once (Invalid)."""
    body = {"error": message, "field": field}
    if errors:
        body["errors"] = [{"error": each.message, "field": each.field} for each in errors]
    return body


def _error(status, title, message, field=None, errors=None):
    if _wants_json():
        return jsonify(error_body(message, field, errors)), status
    if errors:
        message = " ".join(each.message for each in errors)
    return render_template("error.html", status=status, title=title, message=message), status


def register_error_handlers(app):
    @app.errorhandler(DomainError)
    def domain_error(exc):
        """Every domain error a view lets through: the page (or JSON) with the status of its kind.
        A view catches one only to show it on its form (forms.report_error)."""
        status = exc.status
        return _error(status, _TITLES.get(status, _TITLES[422]), exc.message, exc.field, getattr(exc, "errors", None))

    @app.errorhandler(CSRFError)
    def csrf_error(exc):
        return _error(400, _("Phiên làm việc đã hết hạn"),
                      _("Biểu mẫu đã hết hạn hoặc thiếu mã bảo vệ. Vui lòng tải lại trang và thử lại."))

    @app.errorhandler(400)
    def bad_request(exc):
        return _error(400, _("Yêu cầu không hợp lệ"), getattr(exc, "description", "") or _("Yêu cầu không hợp lệ."))

    @app.errorhandler(403)
    def forbidden(exc):
        return _error(403, _("Không có quyền"), _("Bạn không có quyền truy cập trang này."))

    @app.errorhandler(404)
    def not_found(exc):
        return _error(404, _("Không tìm thấy"), _("Trang bạn tìm không tồn tại."))

    @app.errorhandler(405)
    def method_not_allowed(exc):
        return _error(405, _("Phương thức không được hỗ trợ"), _("Phương thức không được hỗ trợ."))

    @app.errorhandler(413)
    def too_large(exc):
        from .uploads import size_text  # uploads raises DomainError from this module

        limit = app.config.get("MAX_CONTENT_LENGTH")
        message = (_("Tệp tải lên vượt quá dung lượng cho phép (tối đa %(size)s).", size=size_text(limit))
                   if limit else _("Tệp tải lên vượt quá dung lượng cho phép."))
        return _error(413, _("Tệp quá lớn"), message)

    @app.errorhandler(429)
    def too_many(exc):
        return _error(429, _("Quá nhiều yêu cầu"), _("Bạn thao tác quá nhanh. Vui lòng đợi một lát rồi thử lại."))

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    def database_unavailable(exc):
        # The database is down or unreachable (what /healthz reports as 503): a door device or a
        # browser is told to try again shortly, never handed a 500.
        app.logger.error("Database unavailable: %s", exc.__class__.__name__)
        response, status = _error(503, _("Tạm thời gián đoạn"),
                                  _("Hệ thống tạm thời không truy cập được dữ liệu. Vui lòng thử lại sau ít phút."))
        if not hasattr(response, "headers"):
            from flask import make_response

            response = make_response(response)
        response.status_code = status
        response.headers["Retry-After"] = "30"
        return response

    @app.errorhandler(500)
    def server_error(exc):
        return _error(500, _("Lỗi hệ thống"), _("Đã có lỗi xảy ra. Ban tổ chức đã được thông báo."))
