"""Every CSV download says its type and charset once ("text/csv; charset=utf-8"): a mimetype that
already named the charset got it a second time from Werkzeug."""
import pytest


@pytest.mark.parametrize("path", ["/admin/e/{slug}/booths/directory.csv", "/admin/e/{slug}/booths/plan.csv",
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


def test_every_page_has_an_icon_and_the_default_place_leads_to_it(client, make_event):
    import re

    event = make_event()
    page = client.get(f"/e/{event.slug}/").get_data(as_text=True)
    icon = re.search(r'<link rel="icon" type="image/svg\+xml" href="([^"]+)"', page).group(1)
    response = client.get(icon)
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    default = client.get("/favicon.ico")
    assert default.status_code == 301 and default.headers["Location"].endswith(icon)
