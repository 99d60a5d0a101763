"""GET /api/v1/events/<slug>/guests[?q=&page=] and /guests/<id>, for the door and integrations."""
from flask import abort, g, jsonify, request

from ...access import event_or_404
from ...api.openapi import register_paths
from ...errors import DomainError, NotFound
from .. import queries
from ..blueprint import api_bp
from ..contact import display_phone




def _iso(moment):
    return moment.isoformat() if moment else None


def _may_read_contacts():
    """Contacts are the organisers' only: door staff and scanning devices need a name to greet,
    not an e-mail or a phone number to copy."""
    principal = g.get("principal")
    return principal is not None and principal.role == "admin"


def guest_json(guest, checked, contacts=False):
    category = guest.category
    data = {
        "id": guest.id,
        "full_name": guest.full_name,
        "organization": guest.organization,
        "position": guest.position,
        "category": {"id": category.id, "code": category.code, "name": category.name,
                     "name_en": category.name_en, "color": category.color},
        "status": guest.status,
        "needs_attention": guest.needs_attention,
        "checked_in": guest.id in checked,
        "created_at": _iso(guest.created_at),
        "approved_at": _iso(guest.approved_at),
        "cancelled_at": _iso(guest.cancelled_at),
    }
    if contacts:
        data.update(email=guest.email, phone=guest.phone, phone_display=display_phone(guest.phone))
    return data


def _bad_request(exc):
    response = jsonify(error=exc.message, field=exc.field)
    response.status_code = 400
    return response


@api_bp.route("/events/<slug>/guests")
def guests(slug):
    event = event_or_404(slug)
    try:
        number = queries.parse_page(request.args.get("page")) or 1
        per_page = queries.parse_page(request.args.get("per_page"), "per_page", queries.MAX_PER_PAGE) \
            or queries.PER_PAGE
    except DomainError as exc:
        return _bad_request(exc)
    checked = queries.checked_in_ids(event)
    page = queries.search_guests(event, queries.GuestFilters.from_args(request.args), page=number,
                                 per_page=per_page, checked=checked)
    contacts = _may_read_contacts()
    return jsonify(guests=[guest_json(guest, checked, contacts) for guest in page.items], page=page.page,
                   per_page=page.per_page, total=page.total, pages=page.pages)


@api_bp.route("/events/<slug>/guests/<int:guest_id>")
def guest(slug, guest_id):
    event = event_or_404(slug)
    try:
        found = queries.get_guest(event, guest_id)
    except NotFound:
        abort(404)
    return jsonify(guest_json(found, queries.checked_in_ids(event), _may_read_contacts()))


_ERRORS = {
    "401": {"$ref": "#/components/responses/Unauthorized"},
    "403": {"$ref": "#/components/responses/Forbidden"},
    "404": {"$ref": "#/components/responses/NotFound"},
}
_SLUG = {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"},
         "description": "Mã sự kiện trong đường dẫn"}

register_paths(
    {
        "/events/{slug}/guests": {
            "get": {
                "summary": "Danh sách và tìm kiếm khách của sự kiện (không phân biệt dấu), theo thứ tự tên",
                "parameters": [
                    _SLUG,
                    {"name": "q", "in": "query", "schema": {"type": "string"},
                     "description": "Tên, đơn vị, email hoặc số điện thoại; có dấu hay không dấu đều được"},
                    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
                    {"name": "per_page", "in": "query",
                     "schema": {"type": "integer", "minimum": 1, "maximum": queries.MAX_PER_PAGE,
                                "default": queries.PER_PAGE}},
                    {"name": "category", "in": "query", "schema": {"type": "integer"},
                     "description": "Mã số thành phần"},
                    {"name": "status", "in": "query",
                     "schema": {"type": "string", "enum": ["registered", "waiting", "pending", "cancelled"]}},
                    {"name": "checked_in", "in": "query", "schema": {"type": "string", "enum": ["yes", "no"]}},
                ],
                "responses": {
                    "200": {"description": "Một trang khách", "content": {"application/json": {"schema": {
                        "$ref": "#/components/schemas/GuestPage"}}}},
                    "400": {"description": "Tham số không hợp lệ", "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/Error"}}}},
                    **_ERRORS,
                },
            }
        },
        "/events/{slug}/guests/{guest_id}": {
            "get": {
                "summary": "Một khách của sự kiện",
                "parameters": [_SLUG, {"name": "guest_id", "in": "path", "required": True,
                                       "schema": {"type": "integer"}}],
                "responses": {
                    "200": {"description": "Khách", "content": {"application/json": {"schema": {
                        "$ref": "#/components/schemas/Guest"}}}},
                    **_ERRORS,
                },
            }
        },
    },
    {
        "GuestCategory": {
            "type": "object",
            "properties": {"id": {"type": "integer"}, "code": {"type": "string"}, "name": {"type": "string"},
                           "name_en": {"type": "string"}, "color": {"type": "string"}},
            "required": ["id", "code", "name"],
        },
        "Guest": {
            "type": "object",
            "properties": {
                "id": {"type": "integer"},
                "full_name": {"type": "string"},
                "organization": {"type": "string"},
                "position": {"type": "string"},
                "email": {"type": ["string", "null"], "description": "Chỉ với vai trò admin"},
                "phone": {"type": ["string", "null"], "description": "E.164, ví dụ +84912345678"},
                "phone_display": {"type": "string", "description": "Ví dụ 0912 345 678; chỉ với vai trò admin"},
                "category": {"$ref": "#/components/schemas/GuestCategory"},
                "status": {"type": "string", "enum": ["registered", "waiting", "pending", "cancelled"]},
                "needs_attention": {"type": "boolean"},
                "checked_in": {"type": ["boolean", "null"],
                               "description": "null khi chức năng check-in chưa được cài"},
                "created_at": {"type": "string", "format": "date-time"},
                "approved_at": {"type": ["string", "null"], "format": "date-time"},
                "cancelled_at": {"type": ["string", "null"], "format": "date-time"},
            },
            "required": ["id", "full_name", "category", "status", "checked_in"],
        },
        "GuestPage": {
            "type": "object",
            "properties": {
                "guests": {"type": "array", "items": {"$ref": "#/components/schemas/Guest"}},
                "page": {"type": "integer"}, "per_page": {"type": "integer"},
                "total": {"type": "integer"}, "pages": {"type": "integer"},
            },
            "required": ["guests", "page", "per_page", "total", "pages"],
        },
    },
)
