"""The layout document: one JSON format for every printed item that carries per-person data.

Public API (pure: no database, no request; messages are translated when an app context exists):

- KINDS: the item kinds ("badge-a6", "badge-a4-4up", "badge-card", "badge-label", "certificate");
  KIND_PAGES[kind]: the page (one card for the n-up kinds) as (width_mm, height_mm), None when free.
- FIELDS: the field keys a "field" element may print, with their Vietnamese labels (field_choices()).
- validate(doc, kind=None) -> a normalised copy of the document (defaults filled in, numbers
  rounded to 0.01 mm), or raises LayoutError(message, field, element). validate(validate(d)) ==
  validate(d): a stored document exports and imports unchanged.
- default_layout(kind) -> a fresh, valid document: the built-in design of that kind.
- loads(text, kind=None) / dumps(doc): JSON text <-> validated document (import and export).

The document (version 1), lengths in millimetres from the page's top-left corner::

    {"version": 1,
     "page": {"width_mm": 105, "height_mm": 148, "bleed_mm": 3},
     "background": null | {"media_type": "image/png" | "image/jpeg", "data": "<base64>"},
     "elements": [{"id": "e1", "type": "text" | "field" | "qr" | "image" | "box" | "line",
                   "x_mm", "y_mm", "w_mm", "h_mm", "field", "text", "font_size", "min_font_size",
                   "bold", "align", "color", "category_colour", "rotate", ...}]}

Beyond the pinned shape:
- "details": [field, ...] on a text or field element: more lines under its own text in the same box
  (a badge's name, then position and organisation), at "detail_font_size", fitted together: the
  element's own text keeps min_font_size while the details shrink further.
- "contrast": true on a text or field element: black or white, whichever reads on the guest's
  category colour (the text on a coloured band).
- "line_width" (points) for lines, and for a box's border when it has "fill": false.
- "valign": "top" | "middle" | "bottom" for text.
- field "marks": the door's marks (priority guest, award recipient) as pills; "logo": the event's
  logo (image elements).
Unknown keys of an element are kept as they are (a designer may store its own).
"""
import base64
import binascii
import copy
import json
import math
import re
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..errors import DomainError

VERSION = 1
KINDS = ("badge-a6", "badge-a4-4up", "badge-card", "badge-label", "certificate")
KIND_PAGES = {"badge-a6": (105, 148), "badge-a4-4up": (95, 134), "badge-card": (90, 55),
              "badge-label": (62, 100), "certificate": None}
# Kinds whose page the organiser may choose: label rolls come in several widths, certificates on A4 or A5.
FREE_PAGE_KINDS = ("badge-label", "certificate")
BADGE_KINDS = KINDS[:4]
TYPES = ("text", "field", "qr", "image", "box", "line")
ALIGNS = ("left", "center", "right")
VALIGNS = ("top", "middle", "bottom")
ROTATIONS = (0, 90, 180, 270)
FIELDS = {
    "full_name": _l("Họ và tên"), "organization": _l("Đơn vị"), "position": _l("Chức vụ"), "category": _l("Thành phần"),
    "badge_code": _l("Mã thẻ"), "short_code": _l("Mã ngắn (dưới mã QR)"),
    "marks": _l("Dấu hiệu (Ưu tiên, Nhận khen thưởng)"),
    "award": _l("Danh hiệu khen thưởng"), "citation": _l("Nội dung khen thưởng"), "event_name": _l("Tên sự kiện"),
    "event_date": _l("Ngày và địa điểm"), "place_date": _l("Địa danh, ngày tháng năm"), "venue": _l("Địa điểm"),
    "awarding_body": _l("Cơ quan khen thưởng"), "decision": _l("Số quyết định"), "signer_title": _l("Chức vụ người ký"),
    "signer_name": _l("Người ký"), "logo": _l("Logo sự kiện"),
}
IMAGE_FIELDS = ("logo",)
QR_MIN_MM = 20  # a phone reads it at arm's length
NAME_MIN_PT = 18  # a badge's name read at a metre
PAGE_MIN_MM, PAGE_MAX_MM, BLEED_MAX_MM = 20, 600, 10
FONT_MIN, FONT_MAX = 3, 200
MAX_ELEMENTS = 200
MAX_TEXT = 2000
IMAGE_MAX_BYTES = 1024 * 1024
IMAGE_TYPES = ("image/png", "image/jpeg")
DEFAULT_COLOR = "#111827"
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,40}$")
# A document and one of its elements, as JSON objects.
Document = dict[str, Any]
Element = dict[str, Any]
# Which element a message is about: (its index, the element as given), or None for the page.
ElementRef = tuple[int, dict[Any, Any]] | None


class LayoutError(DomainError):
    """A layout refused: message (Vietnamese, naming the element), field (a path such as
    "elements[2].w_mm"), element (the element's index from 0, or None for the page)."""

    def __init__(self, message: str, field: str | None = None, element: int | None = None) -> None:
        super().__init__(message, field=field)
        self.element = element

    def as_json(self) -> dict[str, Any]:
        return {"error": self.message, "field": self.field, "element": self.element}


def field_choices() -> list[tuple[str, str]]:
    """[(key, label)] of the fields, labels translated."""
    return [(key, str(label)) for key, label in FIELDS.items()]


# ----- validation ------------------------------------------------------------------------------
def _number(value: object, field: str, element: ElementRef, name: str, low: float | None = None,
            high: float | None = None) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise _element_error(_("%(name)s phải là một số."), field, element, name=name)
    value = round(float(value), 2)
    if (low is not None and value < low) or (high is not None and value > high):
        raise _element_error(_("%(name)s phải trong khoảng %(low)s – %(high)s."), field, element, name=name,
                             low=_fmt(low), high=_fmt(high))
    return int(value) if value == int(value) else value


def _fmt(value: float | None) -> str:
    return f"{value:g}" if value is not None else "…"


def _label(element: dict[Any, Any] | None, index: int) -> str:
    if element is None:
        return ""
    kind = element.get("type")
    kind = kind if isinstance(kind, str) else "?"
    ident = element.get("id")
    name = f"{ident}, {kind}" if isinstance(ident, str) and ident and ident not in (f"e{index + 1}", kind) else kind
    return _("Phần tử %(n)d (%(name)s): ", n=index + 1, name=name[:60])


def _element_error(message: str, field: str, element: ElementRef, **values: Any) -> LayoutError:
    """element: (index, dict) or None for the page."""
    text = message % values if values else message
    if element is None:
        return LayoutError(text, field, None)
    index, data = element
    return LayoutError(_label(data, index) + text, field, index)


def validate(doc: object, kind: str | None = None) -> Document:
    """The normalised document, or LayoutError naming the first bad element."""
    if kind is not None and kind not in KINDS:
        raise LayoutError(_("Loại mẫu in không hợp lệ."), "kind")
    if not isinstance(doc, dict):
        raise LayoutError(_("Mẫu in phải là một đối tượng JSON."), "layout")
    if doc.get("version") != VERSION:
        raise LayoutError(_("Phiên bản mẫu in không được hỗ trợ (chỉ nhận phiên bản 1)."), "version")
    page = _page(doc.get("page"), kind)
    background = _image_data(doc.get("background"), "background", None) if doc.get("background") else None
    elements = doc.get("elements")
    if not isinstance(elements, list):
        raise LayoutError(_("Danh sách phần tử (elements) phải là một mảng."), "elements")
    if len(elements) > MAX_ELEMENTS:
        raise LayoutError(_("Quá nhiều phần tử (tối đa %(n)d).", n=MAX_ELEMENTS), "elements")
    normalised, seen = [], set()
    for index, element in enumerate(elements):
        item = _element(element, index, page, kind)
        if item["id"] in seen:
            raise _element_error(_("mã phần tử “%(id)s” bị trùng."), f"elements[{index}].id", (index, element),
                                 id=item["id"])
        seen.add(item["id"])
        normalised.append(item)
    extra = {k: copy.deepcopy(v) for k, v in doc.items() if k not in ("version", "page", "background", "elements")}
    return {**extra, "version": VERSION, "page": page, "background": background, "elements": normalised}


def _page(page: object, kind: str | None) -> dict[str, Any]:
    if not isinstance(page, dict):
        raise LayoutError(_("Thiếu khổ trang (page)."), "page")
    width = _number(page.get("width_mm"), "page.width_mm", None, _("Chiều rộng trang"), PAGE_MIN_MM, PAGE_MAX_MM)
    height = _number(page.get("height_mm"), "page.height_mm", None, _("Chiều cao trang"), PAGE_MIN_MM, PAGE_MAX_MM)
    bleed = _number(page.get("bleed_mm", 3), "page.bleed_mm", None, _("Phần tràn lề (bleed)"), 0, BLEED_MAX_MM)
    fixed = KIND_PAGES.get(kind) if kind is not None and kind not in FREE_PAGE_KINDS else None
    if fixed and (abs(width - fixed[0]) > 0.5 or abs(height - fixed[1]) > 0.5):
        raise LayoutError(_("Khổ trang của loại mẫu này phải là %(w)s × %(h)s mm.", w=fixed[0], h=fixed[1]), "page")
    return {**{k: v for k, v in page.items() if k not in ("width_mm", "height_mm", "bleed_mm")},
            "width_mm": width, "height_mm": height, "bleed_mm": bleed}


def _image_data(value: object, field: str, element: ElementRef) -> dict[str, str]:
    if not isinstance(value, dict) or value.get("media_type") not in IMAGE_TYPES \
            or not isinstance(value.get("data"), str):
        raise _element_error(_("ảnh phải là PNG hoặc JPEG (media_type và data base64)."), field, element)
    try:
        raw = base64.b64decode(value["data"], validate=True)
    except (binascii.Error, ValueError):
        raise _element_error(_("dữ liệu ảnh không phải base64 hợp lệ."), field, element) from None
    from ..badges.branding import check_logo

    try:
        mime = check_logo(raw)
    except DomainError as error:
        raise _element_error(error.message, field, element) from None
    return {"media_type": mime, "data": value["data"]}


def _element(element: object, index: int, page: dict[str, Any], kind: str | None) -> Element:
    where = f"elements[{index}]"
    if not isinstance(element, dict):
        raise LayoutError(_("Phần tử %(n)d phải là một đối tượng JSON.", n=index + 1), where, index)
    ref = (index, element)
    kind_of = element.get("type")
    if kind_of not in TYPES:
        raise _element_error(_("loại phần tử không hợp lệ (một trong: %(types)s)."), f"{where}.type", ref,
                             types=", ".join(TYPES))
    ident = element.get("id", f"e{index + 1}")
    if not isinstance(ident, str) or not _ID.match(ident):
        raise _element_error(_("mã phần tử (id) không hợp lệ."), f"{where}.id", ref)
    out = {k: copy.deepcopy(v) for k, v in element.items()}
    out["id"] = ident
    for key, label in (("x_mm", _("Vị trí ngang")), ("y_mm", _("Vị trí dọc")), ("w_mm", _("Chiều rộng")),
                       ("h_mm", _("Chiều cao"))):
        low = None if kind_of == "line" or key in ("x_mm", "y_mm") else 0.5
        out[key] = _number(element.get(key), f"{where}.{key}", ref, label, low, 10 * PAGE_MAX_MM)
    _inside_page(out, where, ref, page)
    if kind_of == "line" and math.hypot(out["w_mm"], out["h_mm"]) < 0.5:
        raise _element_error(_("đường kẻ quá ngắn."), f"{where}.w_mm", ref)
    if kind_of == "qr" and min(out["w_mm"], out["h_mm"]) < QR_MIN_MM:
        raise _element_error(_("mã QR phải rộng ít nhất %(n)d mm để điện thoại đọc được ở tầm tay."),
                             f"{where}.w_mm" if out["w_mm"] < QR_MIN_MM else f"{where}.h_mm", ref, n=QR_MIN_MM)
    if kind_of == "field" and (element.get("field") not in FIELDS or element.get("field") in IMAGE_FIELDS):
        raise _element_error(_("trường dữ liệu không hợp lệ."), f"{where}.field", ref)
    if kind_of == "text":
        text = element.get("text", "")
        if not isinstance(text, str) or len(text) > MAX_TEXT:
            raise _element_error(_("nội dung chữ phải là chuỗi, tối đa %(n)d ký tự."), f"{where}.text", ref, n=MAX_TEXT)
        out["text"] = text
    if kind_of == "image":
        if element.get("data") is not None:
            out.update(_image_data({"media_type": element.get("media_type"), "data": element.get("data")},
                                   f"{where}.data", ref))
            out.pop("field", None)
        elif element.get("field", "logo") in IMAGE_FIELDS:
            out["field"] = element.get("field", "logo")
        else:
            raise _element_error(_("ảnh phải là logo sự kiện hoặc một ảnh PNG/JPEG tải lên."), f"{where}.field", ref)
    if kind_of in ("text", "field"):
        _text_style(element, out, where, ref, kind)
    _colour_style(element, out, where, ref)
    rotate = element.get("rotate", 0)
    if rotate not in ROTATIONS or isinstance(rotate, bool):
        raise _element_error(_("góc xoay phải là 0, 90, 180 hoặc 270."), f"{where}.rotate", ref)
    out["rotate"] = int(rotate)
    return out


def _inside_page(out: Element, where: str, ref: ElementRef, page: dict[str, Any]) -> None:
    bleed = page["bleed_mm"]
    xs = (out["x_mm"], out["x_mm"] + out["w_mm"])
    ys = (out["y_mm"], out["y_mm"] + out["h_mm"])
    if min(xs) < -bleed - 0.01 or max(xs) > page["width_mm"] + bleed + 0.01:
        raise _element_error(_("nằm ngoài trang (cả phần tràn lề %(b)s mm)."), f"{where}.x_mm", ref, b=_fmt(bleed))
    if min(ys) < -bleed - 0.01 or max(ys) > page["height_mm"] + bleed + 0.01:
        raise _element_error(_("nằm ngoài trang (cả phần tràn lề %(b)s mm)."), f"{where}.y_mm", ref, b=_fmt(bleed))


def _text_style(element: dict[Any, Any], out: Element, where: str, ref: ElementRef, kind: str | None) -> None:
    size = _number(element.get("font_size", 12), f"{where}.font_size", ref, _("Cỡ chữ"), FONT_MIN, FONT_MAX)
    smallest = _number(element.get("min_font_size", min(6, size)), f"{where}.min_font_size", ref,
                       _("Cỡ chữ nhỏ nhất"), FONT_MIN, FONT_MAX)
    if smallest > size:
        raise _element_error(_("cỡ chữ nhỏ nhất (%(min)s) lớn hơn cỡ chữ (%(max)s)."), f"{where}.min_font_size",
                             ref, min=_fmt(smallest), max=_fmt(size))
    if kind in BADGE_KINDS and element.get("field") == "full_name" and smallest < NAME_MIN_PT:
        raise _element_error(_("tên khách phải in ít nhất %(n)d pt để đọc được ở khoảng 1 m."),
                             f"{where}.min_font_size", ref, n=NAME_MIN_PT)
    out["font_size"], out["min_font_size"] = size, smallest
    for key in ("bold", "contrast"):
        value = element.get(key, False)
        if not isinstance(value, bool):
            raise _element_error(_("%(key)s phải là true hoặc false."), f"{where}.{key}", ref, key=key)
        out[key] = value
    out["align"] = element.get("align", "center")
    if out["align"] not in ALIGNS:
        raise _element_error(_("căn lề phải là left, center hoặc right."), f"{where}.align", ref)
    out["valign"] = element.get("valign", "middle")
    if out["valign"] not in VALIGNS:
        raise _element_error(_("căn dọc phải là top, middle hoặc bottom."), f"{where}.valign", ref)
    details = element.get("details", [])
    if not isinstance(details, list) or any(d not in FIELDS or d in IMAGE_FIELDS or d == "marks" for d in details):
        raise _element_error(_("các dòng phụ (details) phải là danh sách trường dữ liệu."), f"{where}.details", ref)
    if details:
        out["details"] = list(details)
        out["detail_font_size"] = _number(element.get("detail_font_size", max(FONT_MIN, size / 2)),
                                          f"{where}.detail_font_size", ref, _("Cỡ chữ dòng phụ"), FONT_MIN, FONT_MAX)
    else:
        out.pop("details", None)
        out.pop("detail_font_size", None)


def _colour_style(element: dict[Any, Any], out: Element, where: str, ref: ElementRef) -> None:
    color = element.get("color", DEFAULT_COLOR)
    if not isinstance(color, str) or not _COLOR.match(color):
        raise _element_error(_("màu không hợp lệ (dạng #rrggbb)."), f"{where}.color", ref)
    out["color"] = color.lower()
    value = element.get("category_colour", False)
    if not isinstance(value, bool):
        raise _element_error(_("category_colour phải là true hoặc false."), f"{where}.category_colour", ref)
    out["category_colour"] = value
    if out["type"] in ("box", "line"):
        fill = element.get("fill", out["type"] == "box")
        if not isinstance(fill, bool):
            raise _element_error(_("fill phải là true hoặc false."), f"{where}.fill", ref)
        out["fill"] = fill
        out["line_width"] = _number(element.get("line_width", 0.75), f"{where}.line_width", ref, _("Nét kẻ"), 0.1, 20)


# ----- import and export -----------------------------------------------------------------------
def loads(text: str | bytes, kind: str | None = None) -> Document:
    """A document from JSON text (an export file), validated."""
    try:
        doc = json.loads(text)
    except (ValueError, TypeError):
        raise LayoutError(_("Tệp không phải JSON hợp lệ."), "file") from None
    if isinstance(doc, dict) and "layout" in doc and "version" not in doc:
        doc = doc["layout"]  # the designer's {"layout": ...} body
    return validate(doc, kind)


def dumps(doc: Document) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


# ----- the built-in designs --------------------------------------------------------------------
def default_layout(kind: str) -> Document:
    """The built-in design of the kind (what prints when the event has none), a fresh document."""
    if kind not in KINDS:
        raise LayoutError(_("Loại mẫu in không hợp lệ."), "kind")
    if kind not in _DEFAULTS:
        from .defaults import DEFAULTS

        _DEFAULTS[kind] = validate(DEFAULTS[kind](), kind)
    return copy.deepcopy(_DEFAULTS[kind])


_DEFAULTS: dict[str, Document] = {}
