"""GET /api/v1/events/<slug>/guests[?q=&page=] and /guests/<id>, for the door and integrations."""
from datetime import datetime
from typing import Literal

from flask import g, jsonify, request
from flask_babel import lazy_gettext as _l
from pydantic import BaseModel, Field

from ...access import event_or_404
from ...api.schema import Request, endpoint
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


class GuestQuery(Request):
    messages = {"page": _l("Số trang không hợp lệ."), "per_page": _l("Số trang không hợp lệ.")}

    q: str = Field("", description="Tên, đơn vị, email hoặc số điện thoại; có dấu hay không dấu đều được")
    page: int = Field(1, ge=1, le=queries.MAX_ID)
    per_page: int = Field(queries.PER_PAGE, ge=1, le=queries.MAX_PER_PAGE)
    category: str | None = Field(None, description="Mã số thành phần (giá trị khác bị bỏ qua)")
    status: str | None = Field(None, description="registered, waiting, pending hoặc cancelled (giá trị khác bị bỏ qua)")
    checked_in: str | None = Field(None, description="yes hoặc no (giá trị khác bị bỏ qua)")


class GuestCategory(BaseModel):
    id: int
    code: str
    name: str
    name_en: str | None = None
    color: str | None = None


class Guest(BaseModel):
    id: int
    full_name: str
    organization: str | None = None
    position: str | None = None
    email: str | None = Field(None, description="Chỉ với vai trò admin")
    phone: str | None = Field(None, description="E.164, ví dụ +84912345678; chỉ với vai trò admin")
    phone_display: str | None = Field(None, description="Ví dụ 0912 345 678; chỉ với vai trò admin")
    category: GuestCategory
    status: Literal["registered", "waiting", "pending", "cancelled"]
    needs_attention: bool | None = None
    checked_in: bool
    created_at: datetime | None = None
    approved_at: datetime | None = None
    cancelled_at: datetime | None = None


class GuestPage(BaseModel):
    guests: list[Guest]
    page: int
    per_page: int
    total: int
    pages: int


@api_bp.route("/events/<slug>/guests")
@endpoint("Danh sách và tìm kiếm khách của sự kiện (không phân biệt dấu), theo thứ tự tên", query=GuestQuery,
          answers={200: GuestPage})
def guests(slug, query):
    event = event_or_404(slug)
    checked = queries.checked_in_ids(event)
    page = queries.search_guests(event, queries.GuestFilters.from_args(request.args), page=query.page,
                                 per_page=query.per_page, checked=checked)
    contacts = _may_read_contacts()
    return jsonify(guests=[guest_json(guest, checked, contacts) for guest in page.items], page=page.page,
                   per_page=page.per_page, total=page.total, pages=page.pages)


@api_bp.route("/events/<slug>/guests/<int:guest_id>")
@endpoint("Một khách của sự kiện", answers={200: Guest})
def guest(slug, guest_id):
    event = event_or_404(slug)
    found = queries.get_guest(event, guest_id)
    return jsonify(guest_json(found, queries.checked_in_ids(event), _may_read_contacts()))
