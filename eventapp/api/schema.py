"""The /api/v1 contract in one place: pydantic models check every request, and spectree builds the
OpenAPI document (GET /api/v1/openapi.json) from the same models.

Spectree only documents here: @endpoint validates the request itself, straight from its bytes (one
pydantic call, so a scanning device's path stays lean), and a broken rule becomes an InvalidRequest,
answered like every domain error by errors.register_error_handlers: {"error", "field"}, 422. No
documentation page is served (spectree's pages load their scripts from a CDN).
"""
from functools import wraps
from typing import Any, ClassVar

from flask import request
from flask_babel import gettext as _
from pydantic import BaseModel, ValidationError
from spectree import Response, SpecTree
from spectree.models import InType, SecureType, SecurityScheme, SecuritySchemeData

from ..errors import DomainError


class InvalidRequest(DomainError):
    """A request that does not match its documented shape (422, naming the field)."""


class NotJson(DomainError):
    """A body that is not JSON at all (400)."""

    status = 400


class FieldError(BaseModel):
    error: str
    field: str | None = None


class Error(BaseModel):
    """Every error of the API, whatever its status; "errors" lists each value at fault when there
    were several (a walk-in's e-mail and phone both wrong)."""

    error: str
    field: str | None = None
    errors: list[FieldError] | None = None


class Request(BaseModel):
    """A request body or query. ``messages``: a field's own message for any error on it ("field"),
    or for one kind of error ("field.too_long"); ``whole``: the field a body that is not an object at
    all is blamed on."""

    messages: ClassVar[dict[str, Any]] = {}
    whole: ClassVar[str | None] = None


ERROR_TEXT = {
    400: "JSON không hợp lệ",
    401: "Chưa xác thực",
    403: "Không có quyền (hoặc khoá gắn với cổng khác)",
    404: "Không có sự kiện, cổng hoặc khách này",
    409: "Xung đột (cổng đóng, đã huỷ, đã đăng ký)",
    422: "Trường không hợp lệ: `error` nói rõ, `field` chỉ trường",
}

spec = SpecTree(
    "flask",
    mode="strict",  # only the routes below, never the HTML pages
    page_templates={},
    title="Ngày hội HTX API",
    version="1",
    openapi_version="3.1.0",
    annotations=False,
    naming_strategy=lambda model: model.__name__,
    nested_naming_strategy=lambda parent, child: child,
    validation_error_status=422,
    validation_error_model=Error,
    security_schemes=[
        SecurityScheme(name="bearer", data=SecuritySchemeData(type=SecureType.HTTP, scheme="bearer")),
        SecurityScheme(name="session", data=SecuritySchemeData(type=SecureType.API_KEY, name="session",
                                                                 field_in=InType.COOKIE)),
    ],
)


def _message(error, model):
    kind = error["type"]
    loc = error["loc"]
    field = str(loc[0]) if loc else model.whole
    own = model.messages.get(f"{field}.{kind}", model.messages.get(field))
    if own is not None:
        return str(own), field
    if not loc:
        return _("Cần một đối tượng JSON."), field
    if kind == "missing":
        return _("Thiếu trường “%(field)s”.", field=field), field
    if kind.startswith("string_too_long") or kind == "too_long":
        return _("Trường “%(field)s” quá dài.", field=field), field
    if kind.startswith("string"):
        return _("Trường “%(field)s” phải là chuỗi.", field=field), field
    if kind.startswith(("int", "greater", "less")):
        return _("Trường “%(field)s” phải là số nguyên dương.", field=field), field
    if kind.startswith("list"):
        return _("Trường “%(field)s” phải là danh sách.", field=field), field
    return _("Trường “%(field)s” không hợp lệ.", field=field), field


def invalid(exc, model):
    """The first broken rule of a pydantic ValidationError, as an InvalidRequest naming its field."""
    message, field = _message(exc.errors(include_url=False, include_input=False)[0], model)
    return InvalidRequest(message, field=field)


def check(model, data):
    """A model from already-decoded data (one item of a batch); InvalidRequest when it breaks a rule."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise invalid(exc, model) from None


def read_body(model):
    if not request.is_json:
        raise NotJson(_("Nội dung yêu cầu phải là JSON hợp lệ (Content-Type: application/json)."))
    try:
        return model.model_validate_json(request.get_data())
    except ValidationError as exc:
        if exc.errors(include_url=False)[0]["type"] == "json_invalid":
            raise NotJson(_("Nội dung yêu cầu phải là JSON hợp lệ (Content-Type: application/json).")) from None
        raise invalid(exc, model) from None


def read_query(model):
    """The query string's first value of each parameter; an empty one counts as absent."""
    return check(model, {name: value for name, value in request.args.items() if value != ""})


def endpoint(summary, *, body=None, query=None, answers, errors=(401, 403, 404), tags=()):
    """Validates the request (the view gets ``body=`` and/or ``query=``) and documents the route.

    answers: {status: model or None} of its successful answers; errors: the error statuses it gives.
    """
    responses = {f"HTTP_{status}": (model, "OK") if model is not None else None
                 for status, model in answers.items()}
    for status in errors:
        responses[f"HTTP_{status}"] = (Error, ERROR_TEXT[status])
    if body is not None or query is not None:
        responses.setdefault("HTTP_422", (Error, ERROR_TEXT[422]))

    def decorate(view):
        def described():  # what spectree reads: the summary, the models; never called
            pass

        described.__name__, described.__qualname__ = view.__name__, view.__qualname__
        described.__module__ = view.__module__
        described.__doc__ = summary
        described = spec.validate(json=body, query=query, resp=Response(**responses), tags=tags,
                                  skip_validation=True)(described)

        @wraps(view)
        def checked(*args, **kwargs):
            if body is not None:
                kwargs["body"] = read_body(body)
            if query is not None:
                kwargs["query"] = read_query(query)
            return view(*args, **kwargs)

        checked.__wrapped__ = described  # spectree finds the route's models through it
        checked.__doc__ = summary  # and its summary in the view's docstring
        return checked

    return decorate


def openapi_document():
    """The OpenAPI document of /api/v1, paths relative to the server URL /api/v1."""
    generated = spec.spec
    document = dict(generated)
    document["servers"] = [{"url": "/api/v1"}]
    document["paths"] = {path.removeprefix("/api/v1"): operations
                         for path, operations in sorted(generated["paths"].items())}
    document["security"] = [{"bearer": []}, {"session": []}]
    return document
