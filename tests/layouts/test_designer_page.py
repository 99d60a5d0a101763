"""The designer's page without a browser: what it hands its script, in Vietnamese and in English,
and that every control has a label (the browser journeys are in tests/browser)."""
import html
import json
import re

import pytest

from eventapp.layouts.document import default_layout
from tests.conftest import csrf_token

KIND = "badge-a6"
URL = f"/admin/e/hai-phong/layouts/{KIND}"


@pytest.fixture
def event(make_event):
    return make_event(slug="hai-phong", categories=("lanh-dao", "htx"))


@pytest.fixture
def admin(make_user, login):
    return login(make_user("admin"))


def _data(page, name):
    match = re.search(rf"data-{name}='([^']*)'", page)
    assert match, f"data-{name} is missing"
    return json.loads(html.unescape(match.group(1)))


def test_the_page_hands_its_script_the_layout_the_guests_and_the_routes(client, event, admin, make_guest):
    make_guest(event, full_name="Nguyễn Thị Phương Thảo", organization="HTX Nông nghiệp Tân Dương")
    page = client.get(URL).get_data(as_text=True)
    assert _data(page, "layout") == default_layout(KIND) == client.get(f"{URL}.json").get_json()["layout"]
    samples = _data(page, "samples")
    assert any(s["values"]["full_name"] == "Nguyễn Thị Phương Thảo" for s in samples)
    assert all(re.fullmatch(r"#[0-9a-fA-F]{6}", s["category_colour"]) for s in samples)
    presets = _data(page, "presets")
    assert {"width_mm": 105, "height_mm": 148} in [{k: p[k] for k in ("width_mm", "height_mm")} for p in presets]
    urls = _data(page, "urls")
    assert urls["save"] == urls["json"] == f"{URL}.json" and urls["preview"] == f"{URL}/preview"
    assert urls["background"] == f"{URL}/background" and urls["list"] == "/admin/e/hai-phong/layouts/"
    assert f'action="{urls["reset"]}"' in page
    strings = _data(page, "strings")
    assert "{n}" in strings["element"] and "{time}" in strings["saved"]
    for kind in ("text", "field", "qr", "image", "box", "line"):
        assert f'data-add="{kind}"' in page
    for how in ("left", "center", "right", "top", "middle", "bottom"):
        assert f'data-align="{how}"' in page
    assets = re.findall(r'<script src="([^"]+)"', page) + re.findall(r'<link rel="stylesheet" href="([^"]+)"', page)
    for asset in assets:
        assert client.get(asset).status_code == 200, asset


def test_a_saved_design_is_what_the_page_opens_with(client, event, admin):
    layout = default_layout(KIND)
    layout["elements"][0]["x_mm"] = 7.5
    token = csrf_token(client, URL)
    response = client.post(f"{URL}.json", data=json.dumps({"layout": layout}), content_type="application/json",
                           headers={"X-CSRFToken": token})
    assert response.status_code == 200
    page = client.get(URL).get_data(as_text=True)
    assert _data(page, "layout")["elements"][0]["x_mm"] == 7.5
    assert "Sự kiện đang dùng mẫu mặc định" not in page


def test_every_control_has_a_label(client, event, admin):
    page = client.get(URL).get_data(as_text=True)
    labelled = set(re.findall(r'<label for="([^"]+)"', page))
    for tag in re.finditer(r"<(input|select|textarea)\b([^>]*)>", page):
        attributes = tag.group(2)
        if 'type="hidden"' in attributes:
            continue
        ident = re.search(r'id="([^"]+)"', attributes)
        wrapped = page.rfind('<label class="check">', 0, tag.start()) > page.rfind("</label>", 0, tag.start())
        assert wrapped or (ident and ident.group(1) in labelled), tag.group(0)


def test_the_script_texts_are_translated(client, event, admin):
    page = client.get(URL, query_string={"lang": "en"}).get_data(as_text=True)
    strings = _data(page, "strings")
    assert strings["saved"] == "Saved at {time}."
    assert strings["element"] == "Element {n}: {what}"
    assert ">Undo<" in page and ">Save<" in page and "Print preview" in page
