"""The built-in designs, as layout documents: what prints when an event has designed nothing.

Badges keep the look they always had: the event (logo, name, date) at the top, the door's marks,
the guest's name with position and organisation under it, the QR with its short code, and a band
in the category's colour with the category's name. Every box is large enough for an 80-character
name wrapped at 18 pt, so the name is read at a metre on every layout. Single cards (A6, label)
keep their content 5 mm inside the paper's edge (an office printer's margin); the band is drawn
into the bleed and is cut back to that margin in office mode.
"""
from .document import NAME_MIN_PT

DETAIL = "#384152"
RULE = "#d1d5db"


def _e(ident, kind, x, y, w, h, **values):
    return {"id": ident, "type": kind, "x_mm": round(x, 2), "y_mm": round(y, 2), "w_mm": round(w, 2),
            "h_mm": round(h, 2), **values}


def _name(x, y, w, h, size, detail):
    return _e("name", "field", x, y, w, h, field="full_name", font_size=round(size, 1), min_font_size=NAME_MIN_PT,
              bold=True, details=["position", "organization"], detail_font_size=round(detail, 1))


def _band(x, y, w, h, bleed=3):
    return _e("band", "box", x, y, w, h + bleed, category_colour=True)


def _doc(width, height, elements, bleed=3):
    return {"version": 1, "page": {"width_mm": width, "height_mm": height, "bleed_mm": bleed}, "background": None,
            "elements": elements}


def portrait(width, height, margin, k):
    """A6 and the 4-up card: header, marks, name block, QR, short code, band. k: the font scale."""
    w, h, m = width, height, margin
    inner = w - 2 * m
    logo_w = 0.22 * w
    header_bottom = 0.15 * h
    qr = 0.31 * h
    return _doc(w, h, [
        _e("logo", "image", m, m, logo_w, header_bottom - m, field="logo"),
        _e("event", "field", m + logo_w + 1.5, m, inner - logo_w - 1.5, header_bottom - m, field="event_name",
           font_size=round(12.5 * k, 1), min_font_size=5, bold=True, details=["event_date"],
           detail_font_size=round(10 * k, 1)),
        _e("rule", "line", m, header_bottom + 0.5, inner, 0, color=RULE, line_width=0.6),
        _e("marks", "field", m, 0.16 * h, inner, 0.055 * h, field="marks", font_size=round(9 * k, 1)),
        _name(m, 0.22 * h, inner, 0.29 * h, 26 * k, 13 * k),
        _e("qr", "qr", (w - qr) / 2, 0.515 * h, qr, qr),
        _e("code", "field", m, 0.83 * h, inner, 0.035 * h, field="short_code", font_size=round(max(9 * k, 6.5), 1),
           min_font_size=6.5),
        _band(-3, 0.885 * h, w + 6, 0.115 * h),
        _e("category", "field", m, 0.892 * h, inner, h - m - 0.892 * h, field="category",
           font_size=round(18 * k, 1), min_font_size=5, bold=True, contrast=True),
    ])


def name_card():
    """90 x 55 mm, eight to an A4 sheet: the name takes the left, the QR the right column."""
    right = 67.5
    return _doc(90, 55, [
        _name(2.5, 2.5, 64.5, 50, 20, 9),
        _e("event", "field", right, 2.5, 20, 6, field="event_name", font_size=7, min_font_size=3, bold=True),
        _e("qr", "qr", right, 9, 20, 20),
        _e("code", "field", right - 1, 29, 22, 3.5, field="short_code", font_size=7, min_font_size=6.5),
        _e("marks", "field", right - 1, 33, 22, 6, field="marks", font_size=7),
        _band(right - 1, 40, 25.5, 15),
        _e("category", "field", right, 41, 20, 12, field="category", font_size=11, min_font_size=4, bold=True,
           contrast=True),
    ])


def label():
    """62 x 100 mm roll label: everything 5 mm inside the edge; QR and band side by side at the foot."""
    return _doc(62, 100, [
        _e("event", "field", 5, 5, 52, 8.5, field="event_name", font_size=8, min_font_size=4, bold=True,
           details=["event_date"], detail_font_size=7),
        _e("rule", "line", 5, 13.8, 52, 0, color=RULE, line_width=0.6),
        _name(5, 14, 52, 60, 20, 8),
        _e("qr", "qr", 5, 74.5, 20.5, 20.5),
        _e("marks", "field", 26.5, 74.5, 30.5, 6, field="marks", font_size=7),
        _e("code", "field", 26.5, 80.5, 30.5, 4, field="short_code", font_size=6.5, min_font_size=6.5),
        _band(26, 85, 36 + 3, 15),
        _e("category", "field", 27, 85.5, 30, 9.5, field="category", font_size=11, min_font_size=4, bold=True,
           contrast=True),
    ])


def certificate():
    """The certificate's built-in design lives with the certificates (eventapp.programme.render)."""
    from ..programme.render.certificate_layout import default_certificate

    return default_certificate()


DEFAULTS = {
    "badge-a6": lambda: portrait(105, 148, 5, 1.0),
    "badge-a4-4up": lambda: portrait(95, 134, 4.3, min(95 / 105, 134 / 148)),
    "badge-card": name_card,
    "badge-label": label,
    "certificate": certificate,
}
