"""Every CSV download says its type and charset once ("text/csv; charset=utf-8"): a mimetype that
already named the charset got it a second time from Werkzeug."""
import pytest


@pytest.mark.parametrize("path", ["/admin/events/{slug}/booths/directory.csv", "/admin/events/{slug}/booths/plan.csv",
                                  "/admin/e/{slug}/checkin/scans.csv", "/admin/cooperatives/export.csv",
                                  "/admin/e/{slug}/guests.csv"])
def test_csv_downloads_name_their_charset_once(client, make_event, make_guest, make_cooperative, make_user, login,
                                               path):
    event = make_event()
    make_guest(event, "Nguyễn Thị Hoa")
    make_cooperative(event, "HTX Thủy sản Cát Bà")
    login(make_user("admin", organiser=event.owner))
    response = client.get(path.format(slug=event.slug))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
