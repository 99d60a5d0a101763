"""The layout document: the built-in designs are valid and stable, and a bad layout is refused with
a Vietnamese message naming the element and the field at fault."""
import base64
import copy
import json
from io import BytesIO

import pytest

from eventapp.layouts.document import KINDS, LayoutError, default_layout, dumps, loads, validate


@pytest.mark.parametrize("kind", KINDS)
def test_every_default_is_valid_and_validating_again_changes_nothing(kind):
    doc = default_layout(kind)
    assert doc["version"] == 1 and doc["elements"]
    assert validate(copy.deepcopy(doc), kind) == doc
    assert loads(dumps(doc), kind) == doc
    assert default_layout(kind) is not default_layout(kind)  # a fresh copy each time


def _refused(doc, kind="badge-a6"):
    with pytest.raises(LayoutError) as caught:
        validate(doc, kind)
    return caught.value


def _with(kind="badge-a6", **changes):
    doc = default_layout(kind)
    index = next(i for i, e in enumerate(doc["elements"]) if e["type"] == "qr")
    doc["elements"][index].update(changes)
    return doc, index


def test_a_qr_under_20_mm_is_refused_naming_the_element():
    doc, index = _with(w_mm=15, h_mm=15)
    error = _refused(doc)
    assert error.element == index and error.field == f"elements[{index}].w_mm"
    assert error.message.startswith(f"Phần tử {index + 1} (qr)")
    assert "ít nhất 20 mm" in error.message


def test_an_element_off_the_page_is_refused():
    doc, index = _with(x_mm=90)  # 90 + 46 mm: far past 105 mm and its 3 mm bleed
    error = _refused(doc)
    assert error.element == index and error.field == f"elements[{index}].x_mm"
    assert "nằm ngoài trang" in error.message
    doc, index = _with(y_mm=-4)
    assert _refused(doc).field == f"elements[{index}].y_mm"
    doc, _ = _with(x_mm=-3)  # inside the bleed: accepted
    validate(doc, "badge-a6")


@pytest.mark.parametrize("change, field, words", [
    ({"type": "sticker"}, "type", "loại phần tử"),
    ({"type": "field", "field": "password"}, "field", "trường dữ liệu"),
    ({"type": "text", "text": "A", "font_size": 10, "min_font_size": 12}, "min_font_size", "lớn hơn cỡ chữ"),
    ({"type": "box", "color": "red"}, "color", "màu không hợp lệ"),
    ({"type": "text", "text": "A", "rotate": 45}, "rotate", "góc xoay"),
    ({"type": "text", "text": "A", "align": "justify"}, "align", "căn lề"),
    ({"type": "text", "text": "A", "w_mm": "rộng"}, "w_mm", "phải là một số"),
    ({"type": "text", "text": "A", "h_mm": 0}, "h_mm", "trong khoảng"),
])
def test_bad_elements_are_refused_with_the_field(change, field, words):
    doc = default_layout("badge-a6")
    element = {"id": "x1", "x_mm": 10, "y_mm": 10, "w_mm": 20, "h_mm": 10, **change}
    doc["elements"].append(element)
    error = _refused(doc)
    number = len(doc["elements"])
    assert error.field == f"elements[{number - 1}].{field}"
    assert error.message.startswith(f"Phần tử {number} (x1, ")
    assert words in error.message


def test_version_page_and_shape_are_checked():
    doc = default_layout("badge-a6")
    assert _refused({**doc, "version": 2}).field == "version"
    assert _refused({**doc, "page": {"width_mm": 148, "height_mm": 105}}).field == "page"  # A6 is portrait
    assert _refused({**doc, "elements": {}}).field == "elements"
    assert _refused([]).field == "layout"
    duplicate = copy.deepcopy(doc)
    duplicate["elements"].append(dict(duplicate["elements"][0]))
    assert "bị trùng" in _refused(duplicate).message


def test_a_badge_name_below_18_pt_is_refused_but_a_certificate_may_choose():
    doc = default_layout("badge-card")
    name = next(e for e in doc["elements"] if e.get("field") == "full_name")
    name["min_font_size"] = 12
    assert "18 pt" in _refused(doc, "badge-card").message
    certificate = default_layout("certificate")
    next(e for e in certificate["elements"] if e.get("field") == "full_name")["min_font_size"] = 12
    validate(certificate, "certificate")


def test_label_and_certificate_pages_are_free_badges_are_not():
    label = default_layout("badge-label")
    label["page"].update(width_mm=54, height_mm=101)
    label["elements"] = [e for e in label["elements"] if e["x_mm"] + e["w_mm"] <= 57]
    assert validate(label, "badge-label")["page"]["width_mm"] == 54


def test_background_must_be_a_real_png_or_jpeg():
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (60, 80), (250, 240, 200)).save(buffer, format="PNG")
    doc = default_layout("badge-a6")
    doc["background"] = {"media_type": "image/png", "data": base64.b64encode(buffer.getvalue()).decode()}
    assert validate(doc, "badge-a6")["background"]["media_type"] == "image/png"
    doc["background"] = {"media_type": "image/png", "data": base64.b64encode(b"not an image").decode()}
    assert _refused(doc).field == "background"
    doc["background"] = {"media_type": "image/png", "data": "@@@"}
    assert _refused(doc).field == "background"


def test_unknown_keys_of_an_element_are_kept_through_export_and_import():
    doc = default_layout("badge-a6")
    doc["elements"][0]["locked"] = True
    doc["designer"] = {"grid_mm": 1}
    again = loads(json.dumps(doc), "badge-a6")
    assert again["elements"][0]["locked"] is True and again["designer"] == {"grid_mm": 1}


def test_not_json_is_refused():
    with pytest.raises(LayoutError) as caught:
        loads("{not json", "badge-a6")
    assert caught.value.field == "file"
