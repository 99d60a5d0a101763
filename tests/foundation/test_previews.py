"""Import previews live in the database: any app server confirms what another one previewed."""
from datetime import timedelta

import pytest

from eventapp import previews
from eventapp.errors import NotFound
from eventapp.previews import ImportPreview
from eventapp.registration import importing


def _csv(*rows):
    return "\n".join(["Họ và tên,Email,Thành phần", *rows]).encode("utf-8")


def test_a_preview_made_on_one_server_is_confirmed_on_another(app, db, make_event, tmp_path):
    event = make_event(categories=("dai-bieu",))
    preview = importing.build_preview(event, "moi.csv", _csv("Nguyễn Mạnh Cường,cuong@example.org,dai-bieu"), None)
    app.instance_path = str(tmp_path / "another-server")  # nothing of the preview is in a server's folder
    created = importing.confirm_import(event, preview.id, send_email=False)
    assert [g.full_name for g in created] == ["Nguyễn Mạnh Cường"]
    assert db.session.execute(db.select(ImportPreview)).first() is None  # used up with the import
    with pytest.raises(NotFound):  # confirming twice imports nothing twice
        importing.confirm_import(event, preview.id, send_email=False)


def test_a_preview_is_for_its_event_and_kind_and_expires(db, make_event, monkeypatch):
    event, other = make_event(), make_event()
    token = previews.save("guests", event, {"rows": [], "filename": "a.csv"})
    assert len(token) >= 32 and previews.load("guests", event, token)["filename"] == "a.csv"
    for kind, whose, forged in (("award_recipients", event, token), ("guests", other, token),
                                ("guests", event, "../../secret_key"), ("guests", event, "x" * 500),
                                ("guests", event, token[:-1] + "\x00"),
                                ("guests", event, None)):
        with pytest.raises(NotFound) as refused:
            previews.load(kind, whose, forged)
        assert refused.value.message == "Bản xem trước không còn, vui lòng tải tệp lên lại."
    later = previews.utcnow() + timedelta(seconds=previews.PREVIEW_TTL_SECONDS + 1)
    monkeypatch.setattr(previews, "utcnow", lambda: later)
    with pytest.raises(NotFound):
        previews.load("guests", event, token)
    previews.save("guests", event, {"rows": []})  # saving forgets the expired ones
    assert db.session.get(ImportPreview, token) is None
