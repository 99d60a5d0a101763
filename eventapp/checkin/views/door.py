"""Door staff's pages: choosing a gate, the scanning page, and its service worker and manifest."""
from flask import Response, current_app, g, jsonify, redirect, render_template, url_for
from flask_babel import gettext as _

from ...access import event_or_404, public, roles
from ...events.services import list_events
from ...i18n import current_locale
from .. import door, gates, pwa
from ..blueprint import bp
from ..outcomes import COLOURS, result_labels


@bp.route("/door/")
@roles("admin", "door")
def door_home():
    events = list_events(g.principal)
    return render_template("checkin/door_home.html",
                           events=[(e, gates.list_gates(e, active_only=True)) for e in events])


@bp.route("/door/e/<slug>/")
@roles("admin", "door")
def door_event(slug):
    event = event_or_404(slug)
    open_gates = gates.list_gates(event, active_only=True)
    if len(open_gates) == 1:
        return redirect(url_for("checkin.scan_page", slug=slug, gate_code=open_gates[0].code))
    return render_template("checkin/door_home.html", events=[(event, open_gates)])


@bp.route("/door/e/<slug>/<gate_code>/")
@roles("admin", "door")
def scan_page(slug, gate_code):
    event = event_or_404(slug)
    gate = gates.get_gate_by_code(event, gate_code)
    return render_template("checkin/scan.html", event=event, gate=gate, config=_scan_config(event, gate),
                           categories=door.walk_in_categories(event, gate))


def _scan_config(event, gate):
    """What the scanning page's script needs: its addresses and its words in the user's language."""
    return {
        "event": event.slug,
        "gate": gate.code,
        "gate_name": gate.label(current_locale()),
        "timezone": event.timezone,
        "locale": current_locale(),
        "urls": {
            "checkin": url_for("checkin_api.create_checkin", slug=event.slug),
            "batch": url_for("checkin_api.batch", slug=event.slug),
            "offline": url_for("checkin_api.offline_list", slug=event.slug, gate_code=gate.code),
            "search": url_for("checkin_api.search", slug=event.slug, gate_code=gate.code),
            "walk_in": url_for("checkin_api.walk_in", slug=event.slug),
            "undo": url_for("checkin_api.undo", slug=event.slug, scan_id=987654321).replace("987654321", "{id}"),
            "sw": url_for("checkin.public_sw"),
        },
        "labels": result_labels(),
        "colours": COLOURS,
        "words": {
            "unknown": _("Chưa rõ"),
            "unknown_message": _("Mã chưa có trong danh sách đã tải — sẽ kiểm tra khi có mạng."),
            "offline_note": _("Ngoại tuyến: kết quả sẽ được xác nhận khi có mạng."),
            "online": _("Trực tuyến"),
            "offline": _("Ngoại tuyến"),
            "pending": _("Chờ gửi"),
            "synced": _("Đã đồng bộ %(n)s lượt quét."),
            "list_info": _("Danh sách ngoại tuyến: %(n)s khách, cập nhật lúc %(time)s"),
            "no_list": _("Chưa tải được danh sách ngoại tuyến."),
            "attention": _("Khách cần đón tiếp"),
            "first_at": _("Lần đầu: %(time)s"),
            "undo": _("Huỷ lượt vừa rồi"),
            "undone": _("Đã huỷ lượt check-in."),
            "admit": _("Cho vào"),
            "checked_in_at": _("Đã check-in %(time)s"),
            "no_results": _("Không tìm thấy khách nào."),
            "search_offline": _("Cần có mạng để tìm khách."),
            "reprint": _("In lại thẻ"),
            "print": _("In thẻ"),
            "admit_confirm": _("Cho khách này vào?"),
            "admit_yes": _("Xác nhận cho vào"),
            "cancel": _("Thôi"),
            "name": _("Họ và tên"),
            "organization": _("Đơn vị"),
            "category": _("Thành phần"),
            "load_more": _("Xem thêm"),
            "shown_of": _("Đang hiện %(shown)s / %(total)s khách"),
            "direction_in": _("Quét vào"),
            "direction_out": _("Đang quét RA"),
            "exit_pending": _("Lượt ra sẽ được ghi khi có mạng."),
            "error": _("Lỗi"),
            "login_again": _("Phiên đăng nhập đã hết hạn: vui lòng đăng nhập lại."),
            "camera_error": _("Không mở được camera."),
            "camera_start": _("Quét bằng camera"),
            "camera_stop": _("Tắt camera"),
            "existing": _("Khách đã đăng ký: %(name)s"),
            "after_sync": _("Sau đồng bộ"),
            "status": {"registered": _("Đã đăng ký"), "waiting": _("Danh sách chờ"),
                       "pending": _("Chờ duyệt"), "cancelled": _("Đã huỷ")},
        },
    }


@bp.route("/door/sw.js")
@public
def public_sw():
    static = current_app.static_folder
    urls = [url_for("static", filename=name) for name in pwa.ASSETS] + [url_for("checkin.public_manifest")]
    response = Response(pwa.service_worker(static, urls, url_for("checkin.door_home")),
                        mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.route("/door/manifest.webmanifest")
@public
def public_manifest():
    icons = [(size, url_for("static", filename=f"img/checkin/icon-{size}.png")) for size in (192, 512)]
    response = jsonify(pwa.manifest(_("Check-in Ngày hội HTX"), _("Check-in"), url_for("checkin.door_home"),
                                    url_for("checkin.door_home"), icons))
    response.mimetype = "application/manifest+json"
    return response
