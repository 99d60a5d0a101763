"""The check-in API in the OpenAPI document (registered when the views are imported at app start)."""
from ..api.openapi import register_paths
from .models import RESULTS

_ERR = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
_SLUG = {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}, "description": "Sự kiện"}
_GATE = {"name": "gate_code", "in": "path", "required": True, "schema": {"type": "string"}, "description": "Mã cổng"}


def _json(ref):
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}


def _errors(*codes):
    text = {400: "JSON không hợp lệ", 401: "Chưa xác thực", 403: "Không có quyền (hoặc khoá gắn với cổng khác)",
            404: "Không có sự kiện, cổng hoặc khách này", 409: "Xung đột (cổng đóng, đã huỷ, đã đăng ký)",
            422: "Trường không hợp lệ: `error` nói rõ, `field` chỉ trường"}
    return {str(code): {"description": text[code], "content": _ERR} for code in codes}


SCAN_INPUT = {
    "type": "object",
    "properties": {
        "code": {"type": "string", "maxLength": 2000,
                 "description": "Nội dung máy quét đọc được: mã thẻ 26 ký tự hoặc địa chỉ chứa mã"},
        "guest_id": {"type": "integer", "description": "Thay cho code: cho khách vào từ kết quả tìm kiếm"},
        "gate": {"type": "string", "description": "Mã cổng (không bắt buộc với khoá gắn một cổng)"},
        "client_id": {"type": "string", "pattern": "^[A-Za-z0-9_.:-]{8,64}$",
                      "description": "Mã do thiết bị tạo (UUID): gửi lại cùng mã chỉ ghi một lần"},
        "scanned_at": {"type": "string", "format": "date-time",
                       "description": "Thời điểm quét khi thiết bị ngoại tuyến (có múi giờ)"},
        "direction": {"type": "string", "enum": ["in", "out"], "default": "in",
                      "description": "out: quét ra (để vào lại khi cổng cho phép)"},
        "local_result": {"type": "string", "description": "Kết quả thiết bị đã hiện khi ngoại tuyến"},
    },
}

CHECKIN_RESULT = {
    "type": "object",
    "properties": {
        "result": {"type": "string", "enum": list(RESULTS)},
        "colour": {"type": "string", "enum": ["green", "amber", "red"]},
        "label": {"type": "string"},
        "message": {"type": "string", "description": "Câu trả lời theo ngôn ngữ của người dùng"},
        "scan_id": {"type": ["integer", "null"]},
        "client_id": {"type": ["string", "null"]},
        "replayed": {"type": "boolean", "description": "Đã ghi trước đó với cùng client_id"},
        "reentry": {"type": "boolean"},
        "guest": {"oneOf": [{"type": "null"}, {"type": "object", "properties": {
            "id": {"type": "integer"}, "name": {"type": "string"}, "category": {"type": "string"},
            "organization": {"type": "string"}, "attention": {"type": "boolean"},
            "award_recipient": {"type": "boolean"},
            "badge_printed": {"type": "boolean", "description": "Thẻ đã được in ít nhất một lần"}}}]},
        "first_check_in": {"type": "object", "properties": {
            "at": {"type": "string", "format": "date-time"}, "time": {"type": "string"}, "gate": {"type": "string"}}},
        "other_event": {"type": "string"},
    },
    "required": ["result", "message", "guest"],
}

BATCH_ANSWER = {
    "type": "object",
    "properties": {"results": {"type": "array", "items": {"oneOf": [
        {"$ref": "#/components/schemas/CheckinResult"},
        {"type": "object", "properties": {"client_id": {"type": ["string", "null"]}, "result": {"const": "error"},
                                          "error": {"type": "string"}, "field": {"type": ["string", "null"]},
                                          "status": {"type": "integer"}}},
    ]}}},
    "required": ["results"],
}

GATE = {
    "type": "object",
    "properties": {"id": {"type": "integer"}, "code": {"type": "string"}, "name": {"type": "string"},
                   "allow_reentry": {"type": "boolean"}, "active": {"type": "boolean"},
                   "categories": {"type": "array", "items": {"type": "string"},
                                  "description": "Mã thành phần được vào; rỗng: mọi thành phần"}},
}

OFFLINE_LIST = {
    "type": "object",
    "description": "Mỗi khách: [sha256(mã thẻ) 32 ký tự hex, tên, thành phần, trạng thái (ok, cancelled, "
                   "not_approved, not_allowed_here), cần đón tiếp (0/1), đã check-in lúc]",
    "properties": {
        "event": {"type": "string"}, "gate": {"$ref": "#/components/schemas/Gate"},
        "generated_at": {"type": "string", "format": "date-time"},
        "fields": {"type": "array", "items": {"type": "string"}},
        "guests": {"type": "array", "items": {"type": "array"}},
        "revoked": {"type": "array", "items": {"type": "string"}},
    },
}

register_paths(
    {
        "/events/{slug}/gates": {"get": {
            "summary": "Các cổng (danh sách check-in) của sự kiện", "tags": ["check-in"], "parameters": [_SLUG],
            "responses": {"200": {"description": "Các cổng", "content": {"application/json": {"schema": {
                "type": "object", "properties": {"event": {"type": "string"}, "gates": {
                    "type": "array", "items": {"$ref": "#/components/schemas/Gate"}}}}}}},
                **_errors(401, 403, 404)}}},
        "/events/{slug}/checkins": {"post": {
            "summary": "Check-in một lượt quét", "tags": ["check-in"], "parameters": [_SLUG],
            "requestBody": {"required": True, "content": _json("ScanInput")},
            "responses": {"200": {"description": "Kết quả (mọi lượt quét đều được ghi nhật ký)",
                                  "content": _json("CheckinResult")}, **_errors(400, 401, 403, 404, 409, 422)}}},
        "/events/{slug}/checkins/batch": {"post": {
            "summary": "Gửi các lượt quét của thiết bị đã ngoại tuyến (theo client_id, gửi lại không ghi hai lần)",
            "tags": ["check-in"], "parameters": [_SLUG],
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "properties": {"scans": {"type": "array", "maxItems": 500, "items": {
                    "allOf": [{"$ref": "#/components/schemas/ScanInput"}, {"required": ["client_id"]}]}}},
                "required": ["scans"]}}}},
            "responses": {"200": {"description": "Một kết quả cho mỗi lượt quét, theo thứ tự",
                                  "content": _json("BatchAnswer")}, **_errors(400, 401, 403, 404, 422)}}},
        "/events/{slug}/checkins/{scan_id}/undo": {"post": {
            "summary": "Huỷ một lượt check-in (cán bộ cổng: lượt gần nhất của mình; quản trị: bất kỳ)",
            "tags": ["check-in"],
            "parameters": [_SLUG, {"name": "scan_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "responses": {"200": {"description": "Đã huỷ; lượt quét vẫn ở trong nhật ký"},
                          **_errors(401, 403, 404, 409, 422)}}},
        "/events/{slug}/gates/{gate_code}/offline": {"get": {
            "summary": "Danh sách để thiết bị tự xét mã khi mất mạng", "tags": ["check-in"],
            "parameters": [_SLUG, _GATE],
            "responses": {"200": {"description": "Danh sách", "content": _json("OfflineList")}, **_errors(401, 403, 404)}}},
        "/events/{slug}/gates/{gate_code}/guests": {"get": {
            "summary": "Tìm khách theo tên, số điện thoại hoặc đơn vị (không phân biệt dấu)", "tags": ["check-in"],
            "parameters": [_SLUG, _GATE, {"name": "q", "in": "query", "required": True, "schema": {"type": "string"}},
                           {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0}}],
            "responses": {"200": {"description": "Tối đa 20 khách từ offset, khớp nhất trước; total: số khách khớp"},
                          **_errors(401, 403, 404)}}},
        "/events/{slug}/walk-ins": {"post": {
            "summary": "Đăng ký khách tại cổng rồi cho vào", "tags": ["check-in"], "parameters": [_SLUG],
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "properties": {k: {"type": "string"} for k in (
                    "gate", "category", "full_name", "email", "phone", "organization")},
                "required": ["category", "full_name"]}}}},
            "responses": {"201": {"description": "Kết quả check-in, guest_id và reprint_url",
                                  "content": _json("CheckinResult")}, **_errors(400, 401, 403, 404, 409, 422)}}},
        "/events/{slug}/checkins/stats": {"get": {
            "summary": "Số liệu bảng theo dõi check-in (quản trị)", "tags": ["check-in"], "parameters": [_SLUG],
            "responses": {"200": {"description": "Có mặt, theo thành phần, theo cổng, khách đến theo 10 phút, "
                                                 "lượt quét gần nhất, trùng, từ chối, khách cần đón tiếp"},
                          **_errors(401, 403, 404)}}},
    },
    {"ScanInput": SCAN_INPUT, "CheckinResult": CHECKIN_RESULT, "BatchAnswer": BATCH_ANSWER, "Gate": GATE,
     "OfflineList": OFFLINE_LIST},
)
