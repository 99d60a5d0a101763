"""A designed layout of each badge kind, for the tests that print against the defaults and a design:
elements moved about, the rule gone, a frame added, and a line of fixed text on every card."""
from eventapp.layouts.document import default_layout, validate

ADDED_TEXT = "Khu vực A – Hội trường lớn"


def _move(element, **values):
    element.update({key: round(value, 2) for key, value in values.items()})


def designed_layout(kind):
    """The default of the kind rearranged: the QR on the other side, the name left-aligned, a
    bordered frame, and ADDED_TEXT printed on every card."""
    doc = default_layout(kind)
    width, height = doc["page"]["width_mm"], doc["page"]["height_mm"]
    by_id = {e["id"]: e for e in doc["elements"]}
    doc["elements"] = [e for e in doc["elements"] if e["id"] != "rule"]
    by_id["name"]["align"] = "left"
    note = {"id": "note", "type": "text", "text": ADDED_TEXT, "font_size": 8, "min_font_size": 4, "align": "left",
            "color": "#0b5394"}
    if kind == "badge-card":  # the QR column on the left, the event's name over the guest's
        for key in ("qr", "code", "marks", "band", "category"):
            _move(by_id[key], x_mm=by_id[key]["x_mm"] - 65)
        _move(by_id["band"], x_mm=-3)
        _move(by_id["event"], x_mm=23.5, y_mm=2.5, w_mm=64, h_mm=4)
        _move(by_id["name"], x_mm=23.5, y_mm=7, w_mm=64, h_mm=45.5)
        _move(note, x_mm=1.5, y_mm=2.5, w_mm=21, h_mm=5)
        note["min_font_size"] = 3  # one line in the narrow column
        margin = 1
    elif kind == "badge-label":  # the QR on the right, the marks, code and band on the left
        _move(by_id["qr"], x_mm=36.5)
        for key in ("marks", "code", "category"):
            _move(by_id[key], x_mm=5, w_mm=30)
        _move(by_id["band"], x_mm=-3, w_mm=38)
        _move(by_id["event"], h_mm=5)
        _move(note, x_mm=5, y_mm=10, w_mm=52, h_mm=3.8)
        margin = 5
    else:  # the QR a little smaller, on the right
        qr = by_id["qr"]
        _move(qr, w_mm=qr["w_mm"] - 4, h_mm=qr["h_mm"] - 4)
        _move(qr, x_mm=width - 6 - qr["w_mm"])
        _move(by_id["code"], x_mm=qr["x_mm"] - 2, w_mm=qr["w_mm"] + 4)
        _move(note, x_mm=6, y_mm=by_id["band"]["y_mm"] - 5, w_mm=60, h_mm=4)
        margin = 5 if kind == "badge-a6" else 2.5
    doc["elements"].insert(0, {"id": "frame", "type": "box", "x_mm": margin, "y_mm": margin,
                               "w_mm": width - 2 * margin, "h_mm": height - 2 * margin, "fill": False,
                               "color": "#0b5394", "line_width": 1})
    doc["elements"].append(note)
    return validate(doc, kind)


KIND_OF_SHEET = {"a6": "badge-a6", "a4-4up": "badge-a4-4up", "a4-8cards": "badge-card", "label": "badge-label"}


def design_for_sheet(which, sheet):
    """None (the built-in design) or the designed layout of the sheet's kind."""
    return designed_layout(KIND_OF_SHEET[sheet]) if which == "designed" else None
