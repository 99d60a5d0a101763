"""`flask layouts export / import`: a design moves between events unchanged; a bad file changes nothing."""
import json

import pytest

from eventapp.layouts.queries import design_for
from tests.layouts.designs import designed_layout


@pytest.fixture
def events(make_event):
    return make_event(slug="hai-phong"), make_event(slug="quang-ninh")


def test_export_then_import_round_trips_unchanged(runner, events, tmp_path):
    from eventapp.layouts import services

    services.save_layout(events[0], "badge-label", designed_layout("badge-label"))
    first, second = tmp_path / "mau.json", tmp_path / "lai.json"
    result = runner.invoke(args=["layouts", "export", "hai-phong", "--kind", "badge-label", "-o", str(first)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["layouts", "import", "quang-ninh", "--kind", "badge-label", str(first)])
    assert result.exit_code == 0, result.output
    runner.invoke(args=["layouts", "export", "quang-ninh", "--kind", "badge-label", "-o", str(second)])
    assert second.read_text(encoding="utf-8") == first.read_text(encoding="utf-8")
    assert design_for(events[1], "badge-label") == designed_layout("badge-label")


@pytest.mark.parametrize("change, words", [({"w_mm": 12, "h_mm": 12}, "mã QR phải rộng ít nhất 20 mm"),
                                           ({"y_mm": 140}, "nằm ngoài trang")])
def test_a_bad_file_is_refused_with_a_clear_message_and_nothing_changes(runner, events, tmp_path, change, words):
    from eventapp.layouts import services

    services.save_layout(events[1], "badge-a6", designed_layout("badge-a6"))
    doc = designed_layout("badge-a6")
    index = next(i for i, e in enumerate(doc["elements"]) if e["type"] == "qr")
    doc["elements"][index].update(change)
    path = tmp_path / "sai.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    result = runner.invoke(args=["layouts", "import", "quang-ninh", "--kind", "badge-a6", str(path)])
    assert result.exit_code != 0
    assert f"Phần tử {index + 1} (qr)" in result.output and words in result.output
    assert design_for(events[1], "badge-a6") == designed_layout("badge-a6")


def test_unknown_event_or_kind(runner, events, tmp_path):
    result = runner.invoke(args=["layouts", "export", "khong-co", "--kind", "badge-a6", "-o", str(tmp_path / "x")])
    assert result.exit_code != 0 and "Không có sự kiện" in result.output
    result = runner.invoke(args=["layouts", "export", "hai-phong", "--kind", "poster", "-o", str(tmp_path / "x")])
    assert result.exit_code != 0
