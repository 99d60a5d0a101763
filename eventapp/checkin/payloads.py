"""The JSON of the check-in API: what devices send (checked field by field, every problem named,
never a 500) and what they get back, as pydantic models the OpenAPI document is built from."""
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from pydantic import BaseModel, Field, StrictInt, field_validator, model_validator

from ..api.schema import Error, InvalidRequest, Request, check
from .models import RESULTS

CLIENT_ID = r"^[A-Za-z0-9_.:-]{8,64}$"
MAX_CODE = 2000
MAX_BATCH = 500
MAX_ID = 2**31 - 1
if TYPE_CHECKING:
    Result: TypeAlias = str
    LocalResult: TypeAlias = str
else:  # the enums of the document, from the results the door knows
    Result = Literal[RESULTS]
    # What an offline device may say it showed: a result, or "unknown" (not in its downloaded list).
    LocalResult = Literal[(*RESULTS, "unknown")]


def _moment_error(name):
    return InvalidRequest(_("Trường “%(field)s” phải là thời điểm ISO 8601.", field=name), field=name)


def parse_moment(value, name="scanned_at"):
    """ISO 8601 with a time zone (…Z or …+07:00); a time without zone is ambiguous, so refused."""
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > 40:
        raise _moment_error(name)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise _moment_error(name) from None
    if moment.tzinfo is None:
        raise InvalidRequest(_("Trường “%(field)s” cần có múi giờ (vd. 2024-04-06T08:15:00+07:00).", field=name),
                             field=name)
    try:
        moment = moment.astimezone(UTC)
    except (OverflowError, ValueError):
        moment = None
    if moment is None or not 2000 <= moment.year <= 2100:
        raise _moment_error(name)
    return moment


class ScanInput(Request):
    """One scan: a badge code read at a gate, or a guest picked from the search."""

    messages = {
        "guest_id": _l("Trường “guest_id” phải là số nguyên dương."),
        "client_id": _l("Trường “client_id” phải gồm 8–64 chữ, số hoặc dấu gạch (vd. một UUID)."),
        "direction": _l("Trường “direction” phải là “in” hoặc “out”."),
        "local_result": _l("Trường “local_result” không phải một kết quả đã biết."),
    }

    code: str | None = Field(None, max_length=MAX_CODE,
                             description="Nội dung máy quét đọc được: mã thẻ 26 ký tự hoặc địa chỉ chứa mã")
    guest_id: StrictInt | None = Field(None, gt=0, le=MAX_ID,
                                       description="Thay cho code: cho khách vào từ kết quả tìm kiếm")
    client_id: str | None = Field(None, pattern=CLIENT_ID,
                                  description="Mã do thiết bị tạo (UUID): gửi lại cùng mã chỉ ghi một lần")
    direction: Literal["in", "out"] = Field("in", description="out: quét ra (để vào lại khi cổng cho phép)")
    local_result: LocalResult | None = Field(None, description="Kết quả thiết bị đã hiện khi ngoại tuyến")
    gate: str | None = Field(None, max_length=40, description="Mã cổng (không bắt buộc với khoá gắn một cổng)")
    scanned_at: datetime | None = Field(None, description="Thời điểm quét khi thiết bị ngoại tuyến (có múi giờ)")

    @field_validator("code", "gate", "client_id", mode="before")
    @classmethod
    def _empty_is_absent(cls, value):
        return None if value == "" else value

    @field_validator("scanned_at", mode="before")
    @classmethod
    def _moment(cls, value):
        return parse_moment(value)

    @model_validator(mode="after")
    def _code_or_guest(self):
        if self.code is None and self.guest_id is None:
            raise InvalidRequest(_("Thiếu trường “code” (nội dung mã đã quét)."), field="code")
        if self.code is not None and self.guest_id is not None:
            raise InvalidRequest(_("Chỉ gửi “code” hoặc “guest_id”, không gửi cả hai."), field="guest_id")
        if self.code is not None and "\x00" in self.code:
            self.code = self.code.replace("\x00", "")
        return self

    def service_args(self):
        return dict(code=self.code, guest_id=self.guest_id, client_id=self.client_id,
                    scanned_at=self.scanned_at, direction=self.direction,
                    method="manual" if self.guest_id is not None else "code")


class BatchScanInput(ScanInput):
    """A scan kept by an offline device: its client_id makes sending it again harmless."""

    client_id: str = Field(pattern=CLIENT_ID, description="Mã do thiết bị tạo (UUID)")


class BatchInput(Request):
    messages = {"scans": _l("Cần một đối tượng JSON có trường “scans” là danh sách."),
                "scans.too_long": _l("Tối đa %(n)d lượt quét mỗi lần gửi.", n=MAX_BATCH)}
    whole = "scans"

    # Each item is checked on its own (parse_scan): a malformed one is answered alone.
    scans: list[Any] = Field(max_length=MAX_BATCH,
                             description="Mỗi phần tử: một ScanInput có client_id; phần tử sai được trả lời riêng")


def parse_scan(data, in_batch=False):
    """A ScanInput from one decoded JSON object (an item of a batch); InvalidRequest naming the field."""
    if not isinstance(data, dict):
        raise InvalidRequest(_("Mỗi lượt quét phải là một đối tượng JSON."))
    return check(BatchScanInput if in_batch else ScanInput, data)


class WalkInInput(Request):
    gate: str | None = Field(None, max_length=40)
    category: str | None = Field(None, max_length=255, description="Mã thành phần")
    full_name: str | None = Field(None, max_length=255)
    email: str | None = Field(None, max_length=255)
    phone: str | None = Field(None, max_length=40)
    organization: str | None = Field(None, max_length=255)


class SearchQuery(Request):
    q: str = Field("", description="Tên, số điện thoại hoặc đơn vị")
    offset: int = Field(0, ge=0, le=MAX_ID)


# ----- answers (documentation only) ----------------------------------------------------------------

class ScanGuest(BaseModel):
    id: int
    name: str
    category: str | None = None
    organization: str | None = None
    attention: bool | None = None
    award_recipient: bool | None = None
    badge_printed: bool | None = Field(None, description="Thẻ đã được in ít nhất một lần")


class FirstCheckIn(BaseModel):
    at: datetime | None = None
    time: str | None = None
    gate: str | None = None


class CheckinResult(BaseModel):
    result: Result
    colour: Literal["green", "amber", "red"] | None = None
    label: str | None = None
    message: str = Field(description="Câu trả lời theo ngôn ngữ của người dùng")
    scan_id: int | None = None
    client_id: str | None = None
    replayed: bool | None = Field(None, description="Đã ghi trước đó với cùng client_id")
    reentry: bool | None = None
    guest: ScanGuest | None
    first_check_in: FirstCheckIn | None = None
    other_event: str | None = None


class WalkInResult(CheckinResult):
    guest_id: int
    reprint_url: str


class ExistingGuest(BaseModel):
    id: int
    name: str
    organization: str | None = None
    category: str | None = None


class WalkInDuplicate(Error):
    existing: ExistingGuest


class ScanError(BaseModel):
    client_id: str | None = None
    result: Literal["error"]
    error: str
    field: str | None = None
    status: int


class BatchAnswer(BaseModel):
    results: list[CheckinResult | ScanError]


class Gate(BaseModel):
    id: int
    code: str
    name: str
    allow_reentry: bool
    active: bool
    categories: list[str] = Field(description="Mã thành phần được vào; rỗng: mọi thành phần")


class GateList(BaseModel):
    event: str
    gates: list[Gate]


class OfflineGate(BaseModel):
    code: str
    name: str
    allow_reentry: bool


class OfflineList(BaseModel):
    """Mỗi khách: [sha256(mã thẻ) 32 ký tự hex, tên, thành phần, trạng thái (ok, cancelled, not_approved,
    not_allowed_here), cần đón tiếp (0/1), đã check-in lúc]"""

    event: str
    gate: OfflineGate
    generated_at: datetime
    fields: list[str]
    guests: list[list[Any]]
    revoked: list[str]


class FoundGuests(BaseModel):
    guests: list[dict[str, Any]]
    total: int
    offset: int


class Undone(BaseModel):
    undone: bool
    scan_id: int
    message: str


class CheckinStats(BaseModel):
    """Có mặt, theo thành phần, theo cổng, khách đến theo 10 phút, lượt quét gần nhất, trùng, từ chối,
    khách cần đón tiếp."""

    on_site: int
    checked_in: int
    registered: int
