"""The check-in JSON API under /api/v1 (staff session with X-CSRFToken, or a bearer key)."""
from flask import Blueprint, abort, g, jsonify, make_response, request, url_for
from flask_babel import gettext as _

from ...access import blueprint_roles, event_scope, roles
from ...errors import Conflict, DomainError, NotFound
from ...i18n import current_locale
from ...registration.services import DuplicateRegistration
from .. import door, services, stats, sync
from ..blueprint import api_bp
from ..outcomes import payload
from ..payloads import PayloadError, parse_batch, parse_scan
from ..services import NotYours, Scanner



def _fail(status, message, field=None):
    body = {"error": message}
    if field:
        body["field"] = field
    abort(make_response(jsonify(body), status))


def _status_of(exc):
    if isinstance(exc, NotFound):
        return 404
    if isinstance(exc, NotYours):
        return 403
    if isinstance(exc, Conflict):
        return 409
    return 422


@api_bp.errorhandler(DomainError)
def domain_error(exc):
    body = {"error": exc.message}
    if exc.field:
        body["field"] = exc.field
    return jsonify(body), _status_of(exc)


def _event(slug):
    event = services.event_ref(slug)  # NotFound -> 404 through the handler above
    event_scope(event)
    return event


def _body():
    data = request.get_json(silent=True)
    if data is None:
        _fail(400, _("Nội dung yêu cầu phải là JSON hợp lệ (Content-Type: application/json)."))
    return data


def _gate(event, code):
    """The gate named in the request; a key bound to a gate may only use that one."""
    bound = g.principal.gate_id
    if bound is not None:
        gate = services.gate_ref_by_id(bound)
        if code not in (None, gate.code):
            raise NotYours(_("Khoá này chỉ dùng cho cổng “%(code)s”.", code=gate.code), field="gate")
        return gate
    if not code:
        raise PayloadError(_("Thiếu trường “%(field)s”.", field="gate"), field="gate")
    return services.gate_ref(event, code)


def _scanner():
    return Scanner.from_principal(g.principal)


@api_bp.get("/events/<slug>/gates")
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
        raise NotYours(_("Khoá này chỉ dùng cho cổng “%(code)s”.", code=getattr(gate, "code", "")), field="gate")
    if bound is None and not scan.gate:
        raise PayloadError(_("Thiếu trường “%(field)s”.", field="gate"), field="gate")
    if gate is None:
        raise NotFound(_("Sự kiện không có cổng “%(code)s”.", code=scan.gate or ""))
    return read


@api_bp.post("/events/<slug>/checkins")
def create_checkin(slug):
    scanner = _scanner()
    scan = parse_scan(_body())
    read = _read_scan(slug, scan)
    outcome = services.check_in(read.event, read.gate, scanner, read=read, **scan.service_args())
    return jsonify(payload(outcome, read.event))


@api_bp.post("/events/<slug>/checkins/batch")
def batch(slug):
    scanner = _scanner()
    event = _event(slug)
    items = parse_batch(_body())
    gates = {}

    def gate_for(code):
        if code not in gates:
            gates[code] = _gate(event, code)
        return gates[code]

    answers = []
    for client_id, answer in sync.check_in_batch(event, scanner, items, gate_for):
        if isinstance(answer, DomainError):
            answers.append({"client_id": client_id if isinstance(client_id, str) else None, "result": "error", "error": answer.message,
                            "field": answer.field, "status": _status_of(answer)})
        else:
            answers.append(payload(answer, event))
    return jsonify(results=answers)


@api_bp.post("/events/<slug>/checkins/<int:scan_id>/undo")
def undo(slug, scan_id):
    event = _event(slug)
    services.undo(event, scan_id, _scanner())
    return jsonify(undone=True, scan_id=scan_id, message=_("Đã huỷ lượt check-in."))


@api_bp.get("/events/<slug>/gates/<gate_code>/offline")
def offline_list(slug, gate_code):
    event = _event(slug)
    gate = _gate(event, gate_code)
    response = jsonify(sync.offline_list(event, gate, current_locale()))
    response.headers["Cache-Control"] = "no-store"
    return response


@api_bp.get("/events/<slug>/gates/<gate_code>/guests")
def search(slug, gate_code):
    event = _event(slug)
    gate = _gate(event, gate_code)
    found = door.search_guests(event, gate, request.args.get("q", "")[:100], current_locale(),
                               offset=request.args.get("offset", 0, type=int))
    return jsonify(guests=found.guests, total=found.total, offset=found.offset)


@api_bp.post("/events/<slug>/walk-ins")
def walk_in(slug):
    event = _event(slug)
    data = _body()
    if not isinstance(data, dict):
        _fail(400, _("Cần một đối tượng JSON."))
    gate = _gate(event, data.get("gate") if isinstance(data.get("gate"), str) else None)
    fields = {}
    for name in ("category", "full_name", "email", "phone", "organization"):
        value = data.get(name)
        if value is not None and not isinstance(value, str):
            _fail(422, _("Trường “%(field)s” phải là chuỗi.", field=name), field=name)
        fields[name] = (value or "")[:255]
    try:
        guest_id, outcome = door.walk_in(event, gate, _scanner(), category_code=fields["category"],
                                         full_name=fields["full_name"], email=fields["email"],
                                         phone=fields["phone"], organization=fields["organization"])
    except DuplicateRegistration as exc:
        existing = exc.guest
        return jsonify(error=exc.message, field="email",
                       existing={"id": existing.id, "name": existing.full_name, "organization": existing.organization,
                                 "category": existing.category.label(current_locale())}), 409
    answer = payload(outcome, event)
    answer["guest_id"] = guest_id
    answer["reprint_url"] = url_for("badges.reprint", slug=event.slug, guest_id=guest_id)
    return jsonify(answer), 201


@api_bp.get("/events/<slug>/checkins/stats")
@roles("admin")
def dashboard_stats(slug):
    event = _event(slug)
    return jsonify(stats.dashboard(event, current_locale()))
