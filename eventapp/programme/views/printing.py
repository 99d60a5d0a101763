"""The printed programmes: the views only send the bytes the renderers return."""
from flask import Response, abort, render_template, request

from ...access import event_or_404
from .. import awards
from ..blueprint import bp
from ..documents import build_document
from ..render import KINDS, render, render_calibration, render_certificates
from ..render.certificates import MODES

FILENAMES = {"guest": "chuong-trinh", "booklet": "chuong-trinh-so-tay-A5", "runsheet": "kich-ban-dan-chuong-trinh",
             "certificates": "giay-chung-nhan"}


@bp.route("/print")
def admin_print(slug):
    event = event_or_404(slug)
    return render_template("programme/print.html", event=event, categories=awards.list_categories(event),
                           kinds=KINDS)


@bp.route("/print/<kind>.pdf")
def admin_pdf(slug, kind):
    event = event_or_404(slug)
    if kind not in KINDS:
        abort(404)
    mode = request.args.get("mode", "office")
    if mode not in MODES:
        abort(404)
    document = build_document(event)
    category = request.args.get("category", type=int)
    if kind == "certificates":
        chosen = None
        if category is not None:
            chosen = [c for c in document.categories if c.id == category]
            if not chosen:
                abort(404)
        if chosen and request.args.get("calibration") == "1":
            data = render_calibration(document, chosen[0])
        else:
            data = render_certificates(document, chosen, mode=mode)
    else:
        data = render(kind, document)
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{FILENAMES[kind]}-{event.slug}.pdf"'
    return response
