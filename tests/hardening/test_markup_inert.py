"""Names that look like markup or formulas show as typed in pages and in the guest API."""
from eventapp.registration.services import register_guest

NAMES = ["<script>alert(1)</script>", "Công ty A & B <HTX>", '=HYPERLINK("http://x","y")']


def test_markup_names_are_shown_as_typed_in_pages(client, db, make_event, make_user, login):
    event = make_event()
    guests = [register_guest(event, event.categories[0], full_name=f"Khách {name}", email=f"k{i}@example.org",
                             organization=name) for i, name in enumerate(NAMES)]
    private = client.get(f"/g/{guests[0].private_token}/").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in private
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in private
    login(make_user("admin"))
    listing = client.get(f"/admin/e/{event.slug}/guests").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in listing and "<HTX>" not in listing
    assert "Công ty A &amp; B &lt;HTX&gt;" in listing
    data = client.get(f"/api/v1/events/{event.slug}/guests?q=HTX",
                      headers={"Accept": "application/json"}).get_json()
    assert [g["organization"] for g in data["guests"]] == ["Công ty A & B <HTX>"]
