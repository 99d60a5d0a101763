"""Sending a message again: from the messages list or from a guest's page."""
from flask import Blueprint, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..access import blueprint_roles, safe_next
from ..errors import DomainError
from ..extensions import db
from ..forms import report_error
from . import services

bp = blueprint_roles(Blueprint("messages", __name__, url_prefix="/admin/messages"), "admin")

STATUS_LABELS = {"queued": _l("Chờ gửi"), "sending": _l("Đang gửi"), "sent": _l("Đã gửi"),
                 "failed": _l("Gửi không được")}
KIND_LABELS = {
    "guest.confirmation": _l("Khách: xác nhận đăng ký"), "guest.approved": _l("Khách: đã duyệt"),
    "guest.promoted": _l("Khách: có chỗ từ danh sách chờ"), "guest.resend": _l("Khách: gửi lại đường dẫn"),
    "guest.invited": _l("Khách: thư mời"), "guest.cancelled": _l("Khách: huỷ đăng ký"),
    "guest.reminder": _l("Khách: thư nhắc"),
    "exhibitor.invitation": _l("Đơn vị trưng bày: lời mời"), "exhibitor.approved": _l("Đơn vị trưng bày: đã duyệt"),
    "exhibitor.rejected": _l("Đơn vị trưng bày: chưa duyệt"), "staff.invitation": _l("Nhân sự: lời mời"),
    "exhibitor.placed": _l("Đơn vị trưng bày: được xếp gian"), "exhibitor.moved": _l("Đơn vị trưng bày: đổi gian"),
    "staff.reset": _l("Nhân sự: đặt lại mật khẩu"),
}


CHANNEL_LABELS = {"email": _l("Email"), "sms": _l("SMS")}


@bp.app_template_filter("message_channel")
def message_channel(channel):
    return CHANNEL_LABELS.get(channel, channel)


@bp.app_template_filter("message_status")
def message_status(status):
    return STATUS_LABELS.get(status, status)


@bp.app_template_filter("message_kind")
def message_kind(kind):
    return KIND_LABELS.get(kind, kind)


@bp.route("/<int:message_id>/resend", methods=["POST"])
def resend(message_id):
    message = services.get_message(g.principal, message_id)
    back = safe_next(request.form.get("next"), url_for("admin.outbox"))
    try:
        services.resend(message)
    except DomainError as exc:
        db.session.rollback()
        report_error(exc)
    else:
        flash(_("Đã xếp thư gửi lại tới %(to)s.", to=message.to_address), "success")
    return redirect(back)
