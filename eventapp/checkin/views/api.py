"""The check-in JSON API under /api/v1 (staff session with X-CSRFToken, or a bearer key).

Requests are checked and documented by eventapp.api.schema (models in ..payloads); a domain error
is answered by errors.register_error_handlers: {"error", "field"} with the status of its kind."""
from flask import g, jsonify, url_for
from flask_babel import gettext as _

from ...access import event_or_404, event_scope, roles
from ...api.schema import InvalidRequest, endpoint
from ...errors import DomainError, NotAllowed, NotFound, error_body
from ...i18n import current_locale
from ...registration.services import DuplicateRegistration
from .. import door, services, stats, sync
from ..blueprint import api_bp
from ..outcomes import payload
from ..payloads import (
    BatchAnswer,
    BatchInput,
    CheckinResult,
    CheckinStats,
    FoundGuests,
    GateList,
    OfflineList,
    ScanInput,
    SearchQuery,
    Undone,
    WalkInDuplicate,
    WalkInInput,
    WalkInResult,
)
from ..services import Scanner

TAGS = ("check-in",)


def _event(slug):
    return event_or_404(slug, loader=services.event_ref)


def _gate(event, code):
    """The gate named in the request; a key bound to a gate may only use that one."""
    bound = g.principal.gate_id
    if bound is not None:
        gate = services.gate_ref_by_id(bound)
        if code not in (None, gate.code):
            raise NotAllowed(_("Khoá này chỉ dùng cho cổng “%(code)s”.", code=gate.code), field="gate")
        return gate
    if not code:
        raise InvalidRequest(_("Thiếu trường “%(field)s”.", field="gate"), field="gate")
    return services.gate_ref(event, code)


def _scanner():
    return Scanner.from_principal(g.principal)


@api_bp.get("/events/<slug>/gates")
@endpoint("Các cổng (danh sách check-in) của sự kiện", answers={200: GateList}, tags=TAGS)
def gates(slug):
    event = _event(slug)
    listed = stats.gate_list(event, current_locale())
    if g.principal.gate_id is not None:
        listed = [gate for gate in listed if gate["id"] == g.principal.gate_id]
    return jsonify(event=event.slug, gates=listed)


def _read_scan(slug, scan):
    """The event, the gate and the badge in one read (the hot path of every device), then the
    key's rights on that event and gate."""
    bound = g.principal.gate_id
    read = services.read_scan(slug, gate_code=None if bound is not None else scan.gate, gate_id=bound,
                              code=scan.code, guest_id=scan.guest_id)
    event_scope(read.event)
    gate = read.gate
    if bound is not None and scan.gate not in (None, getattr(gate, "code", None)):
        raise NotAllowed(_("Khoá này chỉ dùng cho cổng “%(code)s”.", code=getattr(gate, "code", "")), field="gate")
    if bound is None and not scan.gate:
        raise InvalidRequest(_("Thiếu trường “%(field)s”.", field="gate"), field="gate")
    if gate is None:
        raise NotFound(_("Sự kiện không có cổng “%(code)s”.", code=scan.gate or ""))
    return read


@api_bp.post("/events/<slug>/checkins")
@endpoint("Check-in một lượt quét", body=ScanInput, answers={200: CheckinResult},
          errors=(400, 401, 403, 404, 409, 422), tags=TAGS)
def create_checkin(slug, body):
    scanner = _scanner()
    read = _read_scan(slug, body)
    outcome = services.check_in(read.event, read.gate, scanner, read=read, **body.service_args())
    return jsonify(payload(outcome, read.event))


@api_bp.post("/events/<slug>/checkins/batch")
@endpoint("Gửi các lượt quét của thiết bị đã ngoại tuyến (theo client_id, gửi lại không ghi hai lần); "
          "một kết quả cho mỗi lượt quét, theo thứ tự", body=BatchInput, answers={200: BatchAnswer},
          errors=(400, 401, 403, 404, 422), tags=TAGS)
def batch(slug, body):
    scanner = _scanner()
    event = _event(slug)
    items = body.scans
    gates = {}

    def gate_for(code):
        if code not in gates:
            gates[code] = _gate(event, code)
        return gates[code]

    answers = []
    for client_id, answer in sync.check_in_batch(event, scanner, items, gate_for):
        if isinstance(answer, DomainError):
            answers.append({"client_id": client_id if isinstance(client_id, str) else None, "result": "error",
                            **error_body(answer.message, answer.field), "status": answer.status})
        else:
            answers.append(payload(answer, event))
    return jsonify(results=answers)


@api_bp.post("/events/<slug>/checkins/<int:scan_id>/undo")
@endpoint("Huỷ một lượt check-in (cán bộ cổng: lượt gần nhất của mình; quản trị: bất kỳ); lượt quét vẫn ở "
          "trong nhật ký", answers={200: Undone}, errors=(401, 403, 404, 409), tags=TAGS)
def undo(slug, scan_id):
    event = _event(slug)
    services.undo(event, scan_id, _scanner())
    return jsonify(undone=True, scan_id=scan_id, message=_("Đã huỷ lượt check-in."))


@api_bp.get("/events/<slug>/gates/<gate_code>/offline")
@endpoint("Danh sách để thiết bị tự xét mã khi mất mạng", answers={200: OfflineList}, tags=TAGS)
def offline_list(slug, gate_code):
    event = _event(slug)
    gate = _gate(event, gate_code)
    response = jsonify(sync.offline_list(event, gate, current_locale()))
    response.headers["Cache-Control"] = "no-store"
    return response


@api_bp.get("/events/<slug>/gates/<gate_code>/guests")
@endpoint("Tìm khách theo tên, số điện thoại hoặc đơn vị (không phân biệt dấu): tối đa 20 khách từ offset, "
          "khớp nhất trước; total: số khách khớp", query=SearchQuery, answers={200: FoundGuests}, tags=TAGS)
def search(slug, gate_code, query):
    event = _event(slug)
    gate = _gate(event, gate_code)
    found = door.search_guests(event, gate, query.q[:100], current_locale(), offset=query.offset)
    return jsonify(guests=found.guests, total=found.total, offset=found.offset)


@api_bp.post("/events/<slug>/walk-ins")
@endpoint("Đăng ký khách tại cổng rồi cho vào (201: kết quả check-in, guest_id và reprint_url; 409 khi đã "
          "đăng ký: existing là khách đó)", body=WalkInInput, answers={201: WalkInResult, 409: WalkInDuplicate},
          errors=(400, 401, 403, 404, 422), tags=TAGS)
def walk_in(slug, body):
    event = _event(slug)
    gate = _gate(event, body.gate)
    try:
        guest_id, outcome = door.walk_in(event, gate, _scanner(), category_code=body.category or "",
                                         full_name=body.full_name or "", email=body.email or "",
                                         phone=body.phone or "", organization=body.organization or "")
    except DuplicateRegistration as exc:
        existing = exc.guest
        # Said to the door staff, not to the guest ("Bạn đã đăng ký" is the registration page's).
        message = _("Khách này đã đăng ký (cùng email hoặc số điện thoại): tìm và cho vào theo đăng ký đó.")
        return jsonify(**error_body(message, "email"),
                       existing={"id": existing.id, "name": existing.full_name, "organization": existing.organization,
                                 "category": existing.category.label(current_locale())}), 409
    answer = payload(outcome, event)
    answer["guest_id"] = guest_id
    answer["reprint_url"] = url_for("badges.reprint", slug=event.slug, guest_id=guest_id)
    return jsonify(answer), 201


@api_bp.get("/events/<slug>/checkins/stats")
@roles("admin")
@endpoint("Số liệu bảng theo dõi check-in (quản trị)", answers={200: CheckinStats}, tags=TAGS)
def dashboard_stats(slug):
    event = _event(slug)
    return jsonify(stats.dashboard(event, current_locale()))
