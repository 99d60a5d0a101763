"""Certificates drawn from a layout document (the item kind "certificate" of eventapp.layouts).

default_certificate() is the built-in design of certificates.py expressed as layout elements (the
starting point of the designer); layout_drawer() draws an event's designed layout, one recipient
per page, with the layout engine (eventapp.layouts.draw) that also prints badges.

What the certificate's fields print (certificate_values()):
  full_name     the recipient                 award          the category's name, in capitals
  organization  "position, organisation"      awarding_body  the awarding body, in capitals
  position      the recipient's position      citation       the category's text, placeholders filled
  place_date    "Hải Phòng, ngày 06 tháng 4 năm 2024"         decision  "Quyết định số …, ngày …"
  signer_title  the signer's title; an element with "line": n prints only its n-th line (the lines
                are separated by "/" in the category's settings), so a two-line title stays as typed
  signer_name, event_name, event_date, venue, logo (the event's)

Two keys of an element beyond the shared format: "line" (above) and "when": "national_heading",
drawn only for a category that prints the national heading.

On pre-printed paper only the variable text prints (PREPRINTED_FIELDS: the recipient, the citation,
the place and date line and the decision), moved by the category's offsets; the paper carries the
rest. Office mode keeps 5 mm free along every edge, print-shop mode runs boxes at the edge into the
bleed (see eventapp.layouts.draw).
"""
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from ...badges.layouts import SAFE as OFFICE_MARGIN
from ...layouts.document import Document, Element
from ...layouts.draw import draw_layout
from ...pdf.fonts import register_fonts
from .common import local_date

if TYPE_CHECKING:
    from ..documents import Category, EventInfo

PREPRINTED_FIELDS = frozenset({"full_name", "organization", "position", "citation", "place_date", "decision"})
CERTIFICATE_COLOUR = "#0b5394"
RED, GOLD, BLUE, MUTED = "#9b1c1c", "#b7791f", "#0b5394", "#4b5563"


class Person(Protocol):
    """Who a certificate is for: a Recipient, or the calibration page's sample."""

    name: str
    title: str
    organization: str


class CertificateDrawer(Protocol):
    """What layout_drawer() returns. select: a predicate on elements, to draw only some."""

    def __call__(self, canvas: Canvas, category: "Category", recipient: Person,
                 select: Callable[[Element], bool] | None = None) -> None: ...


def signer_lines(category: "Category", event: "EventInfo") -> list[str]:
    lines = [line.strip() for line in category.certificate.signer_title.split("/") if line.strip()]
    return [line.upper() for line in lines] or [(category.awarding_body or event.organiser).upper()]


def certificate_values(event: "EventInfo", category: "Category", recipient: Person) -> dict[str, str]:
    """{field: text} of one certificate (see the module's docstring)."""
    from .certificates import certificate_text, date_line, decision_line

    settings = category.certificate
    return {
        "full_name": recipient.name, "position": recipient.title,
        "organization": ", ".join(part for part in (recipient.title, recipient.organization) if part),
        "award": category.name.upper(), "awarding_body": (category.awarding_body or event.organiser).upper(),
        "citation": certificate_text(category.certificate_text, recipient, category, event),
        "place_date": date_line(category, event), "decision": decision_line(settings),
        "signer_title": " ".join(signer_lines(category, event)), "signer_name": settings.signer_name,
        "event_name": event.name, "event_date": local_date(event.starts_at, event.timezone), "venue": event.venue,
    }


def _shown(element: Element, category: "Category", preprinted: bool) -> bool:
    if element.get("when") == "national_heading" and not category.certificate.national_heading:
        return False
    return not preprinted or (element["type"] == "field" and element.get("field") in PREPRINTED_FIELDS)


def layout_drawer(layout: Document, event: "EventInfo", mode: str = "office", bleed: float = 0) -> CertificateDrawer:
    """A function (canvas, category, recipient) that draws one certificate of the (validated)
    layout with its bottom-left corner at the canvas's origin."""
    fonts = register_fonts()
    images = {"logo": event.logo} if event.logo else {}
    plain = [e for e in layout["elements"] if "line" not in e]
    numbered = [e for e in layout["elements"] if "line" in e]
    margin = 0 if mode == "print-shop" else OFFICE_MARGIN

    def draw(canvas: Canvas, category: "Category", recipient: Person,
             select: Callable[[Element], bool] | None = None) -> None:
        settings = category.certificate
        values = certificate_values(event, category, recipient)
        dx, dy = (settings.offset_x_mm * mm, -settings.offset_y_mm * mm) if settings.preprinted else (0, 0)
        common: dict[str, Any] = dict(x=dx, y=dy, mode=mode, fonts=fonts, colour=CERTIFICATE_COLOUR, images=images,
                      margin=margin, bleed=bleed or None)
        draw_layout(canvas, {**layout, "elements": plain,
                             "background": None if settings.preprinted else layout.get("background")},
                    values, select=lambda e: _shown(e, category, settings.preprinted) and (select is None or select(e)),
                    **common)
        lines = signer_lines(category, event)
        for element in numbered:
            if element["line"] < len(lines) and _shown(element, category, settings.preprinted) and \
                    (select is None or select(element)):
                draw_layout(canvas, {**layout, "elements": [element], "background": None},
                            {**values, "signer_title": lines[element["line"]]}, **common)

    return draw


def draw_outlines(canvas: Canvas, layout: Document, category: "Category", pagesize: tuple[float, float]) -> None:
    """The calibration page's red boxes: where each element that prints goes (moved by the
    offsets on pre-printed paper)."""
    settings = category.certificate
    dx, dy = (settings.offset_x_mm, settings.offset_y_mm) if settings.preprinted else (0, 0)
    canvas.saveState()
    canvas.setStrokeColorRGB(0.61, 0.11, 0.11)
    canvas.setLineWidth(0.5)
    for element in layout["elements"]:
        if element["type"] in ("text", "field") and _shown(element, category, settings.preprinted):
            x = (element["x_mm"] + dx) * mm
            top = pagesize[1] - (element["y_mm"] + dy) * mm
            canvas.rect(x, top - element["h_mm"] * mm, element["w_mm"] * mm, element["h_mm"] * mm)
    canvas.restoreState()


def _e(ident: str, kind: str, x: float, y: float, w: float, h: float, **values: Any) -> Element:
    return {"id": ident, "type": kind, "x_mm": round(x, 2), "y_mm": round(y, 2), "w_mm": round(w, 2),
            "h_mm": round(h, 2), "valign": "top", **values}


def default_certificate() -> Document:
    """The classic certificate of certificates.py as a layout document (A4 landscape): the gold
    frame 10 mm inside the edge, the national heading (drawn when the category asks for it), the
    awarding body, the award in red, "Tặng", the recipient in blue, the citation, the place and
    date, the signer with room for signature and seal, the decision at the bottom left."""
    bold = register_fonts()[1]
    left, width = 26, 245
    half = width / 2
    right = left + half
    motto = "Độc lập – Tự do – Hạnh phúc"
    rule = stringWidth(motto, bold, 13) / mm
    return {"version": 1, "page": {"width_mm": 297, "height_mm": 210, "bleed_mm": 3}, "background": None,
            "elements": [
                _e("frame", "box", 10, 10, 277, 190, fill=False, line_width=3, color=GOLD),
                _e("frame-inner", "box", 14, 14, 269, 182, fill=False, line_width=0.8, color=GOLD),
                _e("heading", "text", left, 20, width, 7, text="CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", font_size=13,
                   min_font_size=8, bold=True, when="national_heading"),
                _e("motto", "text", left, 26.5, width, 7, text=motto, font_size=13, min_font_size=8, bold=True,
                   when="national_heading"),
                _e("motto-rule", "line", left + (width - rule) / 2, 33.6, rule, 0, line_width=0.6, color="#000000",
                   when="national_heading"),
                _e("body", "field", left, 37, width, 12, field="awarding_body", font_size=14, min_font_size=8,
                   bold=True, color="#000000"),
                _e("award", "field", left, 51, width, 21, field="award", font_size=28, min_font_size=12, bold=True,
                   color=RED),
                _e("to", "text", left, 75, width, 6, text="Tặng", font_size=14, min_font_size=8, color="#000000"),
                _e("name", "field", left, 82, width, 24, field="full_name", font_size=32, min_font_size=12,
                   bold=True, color=BLUE),
                _e("person", "field", left, 107, width, 7, field="organization", font_size=14, min_font_size=8,
                   color="#000000"),
                _e("citation", "field", left + 6, 116, width - 12, 26, field="citation", font_size=14,
                   min_font_size=11, color="#000000"),
                _e("place-date", "field", right, 146, half, 7, field="place_date", font_size=12, min_font_size=8,
                   color="#000000"),
                *[_e(f"signer-title-{n + 1}", "field", right, 153 + 6 * n, half, 6, field="signer_title", line=n,
                     font_size=12, min_font_size=7, bold=True, color="#000000") for n in range(3)],
                _e("signer-name", "field", right, 186, half, 7, field="signer_name", font_size=13, min_font_size=8,
                   bold=True, color="#000000"),
                _e("decision", "field", left, 184, half - 6, 10, field="decision", font_size=10, min_font_size=7,
                   align="left", color=MUTED),
            ]}
