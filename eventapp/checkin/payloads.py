"""Reading the JSON that devices send: every field checked, every problem named (never a 500)."""
import re
from dataclasses import dataclass
from datetime import datetime, timezone

from flask_babel import gettext as _

from ..errors import DomainError
from .models import RESULTS

CLIENT_ID = re.compile(r"^[A-Za-z0-9_.:-]{8,64}$")
MAX_CODE = 2000
MAX_BATCH = 500
MAX_ID = 2**31 - 1
# What an offline device may say it showed: a result, or "unknown" (not in its downloaded list).
LOCAL_RESULTS = set(RESULTS) | {"unknown"}


class PayloadError(DomainError):
    pass


@dataclass
class ScanRequest:
    gate: str | None
    code: str | None = None
    guest_id: int | None = None
    client_id: str | None = None
    scanned_at: datetime | None = None
    direction: str = "in"
    local_result: str | None = None

    def service_args(self):
        return dict(code=self.code, guest_id=self.guest_id, client_id=self.client_id,
                    scanned_at=self.scanned_at, direction=self.direction,
                    method="manual" if self.guest_id is not None else "code")


def _text(data, name, limit, required=False):
    value = data.get(name)
    if value is None or value == "":
        if required:
            raise PayloadError(_("Thiếu trường “%(field)s”.", field=name), field=name)
        return None
    if not isinstance(value, str):
        raise PayloadError(_("Trường “%(field)s” phải là chuỗi.", field=name), field=name)
    if len(value) > limit:
        raise PayloadError(_("Trường “%(field)s” quá dài.", field=name), field=name)
    return value


def parse_moment(value, name="scanned_at"):
    """ISO 8601 with a time zone (…Z or …+07:00); a time without zone is ambiguous, so refused."""
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > 40:
        raise PayloadError(_("Trường “%(field)s” phải là thời điểm ISO 8601.", field=name), field=name)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise PayloadError(_("Trường “%(field)s” phải là thời điểm ISO 8601.", field=name), field=name) from None
    if moment.tzinfo is None:
        raise PayloadError(_("Trường “%(field)s” cần có múi giờ (vd. 2024-04-06T08:15:00+07:00).", field=name),
                           field=name)
    try:
        moment = moment.astimezone(timezone.utc)
    except (OverflowError, ValueError):
        moment = None
    if moment is None or not 2000 <= moment.year <= 2100:
        raise PayloadError(_("Trường “%(field)s” phải là thời điểm ISO 8601.", field=name), field=name)
    return moment


def parse_scan(data, in_batch=False):
    """A ScanRequest from one JSON object; raises PayloadError naming the field at fault."""
    if not isinstance(data, dict):
        raise PayloadError(_("Mỗi lượt quét phải là một đối tượng JSON."))
    code = _text(data, "code", MAX_CODE)
    guest_id = data.get("guest_id")
    if guest_id is not None and (isinstance(guest_id, bool) or not isinstance(guest_id, int)
                                 or not 0 < guest_id <= MAX_ID):
        raise PayloadError(_("Trường “guest_id” phải là số nguyên dương."), field="guest_id")
    if code is None and guest_id is None:
        raise PayloadError(_("Thiếu trường “code” (nội dung mã đã quét)."), field="code")
    if code is not None and guest_id is not None:
        raise PayloadError(_("Chỉ gửi “code” hoặc “guest_id”, không gửi cả hai."), field="guest_id")
    client_id = _text(data, "client_id", 64, required=in_batch)
    if client_id is not None and not CLIENT_ID.match(client_id):
        raise PayloadError(_("Trường “client_id” phải gồm 8–64 chữ, số hoặc dấu gạch (vd. một UUID)."),
                           field="client_id")
    direction = data.get("direction", "in")
    if direction not in ("in", "out"):
        raise PayloadError(_("Trường “direction” phải là “in” hoặc “out”."), field="direction")
    local_result = data.get("local_result")
    if local_result is not None and (not isinstance(local_result, str) or local_result not in LOCAL_RESULTS):
        raise PayloadError(_("Trường “local_result” không phải một kết quả đã biết."), field="local_result")
    return ScanRequest(gate=_text(data, "gate", 40), code=code.replace("\x00", "") if code else code, guest_id=guest_id, client_id=client_id,
                       scanned_at=parse_moment(data.get("scanned_at")), direction=direction,
                       local_result=local_result)


def parse_batch(data):
    """The list of scans of a batch: a list of up to MAX_BATCH objects under "scans"."""
    if not isinstance(data, dict) or not isinstance(data.get("scans"), list):
        raise PayloadError(_("Cần một đối tượng JSON có trường “scans” là danh sách."), field="scans")
    scans = data["scans"]
    if len(scans) > MAX_BATCH:
        raise PayloadError(_("Tối đa %(n)d lượt quét mỗi lần gửi.", n=MAX_BATCH), field="scans")
    return scans
