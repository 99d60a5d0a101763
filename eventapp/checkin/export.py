"""The scan log as a spreadsheet-safe CSV: UTF-8 with BOM (Excel reads the Vietnamese), no formulas."""
from flask_babel import gettext as _
from sqlalchemy import select

from .. import audit
from ..auth.models import User
from ..events.models import GuestCategory
from ..extensions import db
from ..i18n import format_datetime
from ..registration.models import Guest
from ..registration.sheets import to_csv
from .models import Gate, Scan
from .outcomes import result_labels


def scan_log_csv(event):
    """Every scan of the event, oldest first, times in the event's time zone."""
    rows = db.session.execute(
        select(Scan, Gate.code, Gate.name, Guest.full_name, Guest.organization, GuestCategory.name, User.email)
        .join(Gate, Gate.id == Scan.gate_id).outerjoin(Guest, Guest.id == Scan.guest_id)
        .outerjoin(GuestCategory, GuestCategory.id == Guest.category_id)
        .outerjoin(User, User.id == Scan.user_id)
        .where(Scan.event_id == event.id).order_by(Scan.scanned_at, Scan.id)
    ).all()
    labels = result_labels()
    tz = event.timezone
    header = [_("Mã lượt quét"), _("Thời điểm quét"), _("Thời điểm nhận"), _("Cổng"), _("Tên cổng"), _("Hướng"),
              _("Kết quả"), _("Diễn giải"), _("Khách"), _("Đơn vị"), _("Thành phần"), _("4 ký tự cuối của mã"),
              _("Cách quét"), _("Thiết bị"), _("Cán bộ"), _("Ngoại tuyến"), _("Kết quả trên máy"),
              _("Trùng với lượt"), _("Mã máy (client_id)"), _("Đã huỷ lúc"), _("Người huỷ")]
    body = []
    for scan, gate_code, gate_name, guest_name, organization, category, staff in rows:
        body.append([
            scan.id, format_datetime(scan.scanned_at, tz), format_datetime(scan.received_at, tz), gate_code,
            gate_name, scan.direction, scan.result, labels.get(scan.result, scan.result), guest_name or "",
            organization or "", category or "", scan.code_tail, scan.method, scan.device, staff or "",
            _("có") if scan.offline else "", scan.local_result or "", scan.duplicate_of_id or "",
            scan.client_id or "", format_datetime(scan.undone_at, tz), scan.undone_by or "",
        ])
    # The log names people: who downloaded it is recorded.
    audit.record("checkin.export", f"event:{event.id}", event=event, rows=len(body))
    db.session.commit()
    return to_csv([header] + body)
