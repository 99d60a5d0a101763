"""The printed programmes: the views only send the bytes the renderers return."""
from flask import Response, abort, render_template, request

from .. import awards
from ..blueprint import bp, load_event
from ..documents import build_document
from ..render import KINDS, render, render_calibration, render_certificates

FILENAMES = {"guest": "chuong-trinh", "booklet": "chuong-trinh-so-tay-A5", "runsheet": "kich-ban-dan-chuong-trinh",
             "certificates": "giay-chung-nhan"}


@bp.route("/print")
def admin_print(slug):
    event = load_event(slug)
    return render_template("programme/print.html", event=event, categories=awards.list_categories(event),
                           kinds=KINDS)


@bp.route("/print/<kind>.pdf")
def admin_pdf(slug, kind):
    event = load_event(slug)
    if kind not in KINDS:
        abort(404)
    document = build_document(event)
    category = request.args.get("category", type=int)
    if kind == "certificates" and category is not None:
        chosen = [c for c in document.categories if c.id == category]
        if not chosen:
            abort(404)
        calibrating = request.args.get("calibration") == "1"
        data = render_calibration(document, chosen[0]) if calibrating else render_certificates(document, chosen)
    else:
        data = render(kind, document)
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{FILENAMES[kind]}-{event.slug}.pdf"'
    return response
