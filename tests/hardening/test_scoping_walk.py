"""Walks every staff GET page and API of the URL map as people of organiser B (its admin, an
admin of one of its events, door staff, an exhibitor): nothing of organiser A's event ever shows,
and nothing of B's other event to those who work for one event.

Organiser A's rows are made first and B's other event's next, so that the small ids the walk puts
in the URLs (1, 2) are theirs: asking for their guest, gate, booth or cooperative by id must not
show it either."""
import re

import pytest

from eventapp.access import required_roles
from eventapp.audit import record
from eventapp.booths import placement
from eventapp.booths.models import Booth, BoothApplication
from eventapp.checkin.models import Gate
from eventapp.programme.models import AwardCategory, AwardRecipient, ProgrammeItem
from eventapp.registration import services as registration
from tests.foundation.test_access import _rules

# What only organiser A's data contains; none of it may reach a person of organiser B.
MARKER = "Zetaxy"
MARKERS = (MARKER, MARKER.lower(), "zetaxy@", "987654321", "987 654 321")
# What only organiser B's other event contains; none of it may reach a person bound to B's event.
SIBLING = "Quxyva"
SIBLING_MARKERS = (SIBLING, SIBLING.lower(), "quxyva@", "955554321", "955 554 321")


def _fill(rule, slug, number):
    url = rule.rule
    for converter, name in re.findall(r"<(?:(\w+):)?(\w+)>", url):
        value = str(number) if converter in ("int", "float") else (slug if name == "slug" else "x")
        url = re.sub(rf"<(?:\w+:)?{name}>", value, url)
    return url


def _text_of(response):
    """What a person reads in the response: the page, JSON or CSV, or the text of a PDF or XLSX."""
    import io

    kind = response.mimetype or ""
    data = response.get_data()
    if kind == "application/pdf":
        from pypdf import PdfReader

        return " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    if "spreadsheetml" in kind:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(data), read_only=True)
        return " ".join(str(v) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                        for v in row if v is not None)
    if kind.startswith("image/") and kind != "image/svg+xml":
        return ""
    return data.decode("utf-8")


def _event_with_everything(db, make_event, make_cooperative, organiser, name, email_prefix, phone_prefix,
                           cooperative=None):
    event = make_event(slug=f"ngay-hoi-{name.lower()}", name=f"Ngày hội HTX {name}", organiser=organiser,
                       categories=("khach", "trung-bay"), venue=f"Hội trường {name}")
    event.categories[0].name = f"Khách mời {name}"
    # The registry is the organiser's, shared by its events: a sibling event names a neutral one.
    coop = make_cooperative(event, cooperative or f"HTX Nông nghiệp {name}", district=f"Huyện {name}"
                            if cooperative is None else "", email=None if cooperative else f"{email_prefix}@htx.vn")
    gate = Gate(event_id=event.id, code="cong-chinh", name=f"Cổng {name}", categories=[event.categories[0]])
    booth = Booth(event_id=event.id, code="A01", zone=f"Khu {name}", x=0, y=0)
    item = ProgrammeItem(event_id=event.id, position=1, title=f"Khai mạc {name}", speaker_name=f"Ông {name}")
    award = AwardCategory(event_id=event.id, name=f"Bằng khen {name}", awarding_body=f"UBND {name}")
    db.session.add_all([gate, booth, item, award])
    db.session.flush()
    award_recipient = AwardRecipient(category_id=award.id, position=1, name=f"Bà {name}", cooperative_id=coop.id)
    application = BoothApplication(event_id=event.id, cooperative_id=coop.id, sector=f"Ngành {name}",
                                   products=f"Gạo {name}", status="approved")
    db.session.add_all([award_recipient, application])
    db.session.commit()
    placement.assign(booth, application)
    guest = registration.self_register(event, event.categories[0], full_name=f"Nguyễn Văn {name}",
                                       email=f"{email_prefix}@example.org", phone=f"{phone_prefix}54321",
                                       organization=f"Công ty {name}")
    record("guest.note", f"guest:{guest.id}", event=event, note=f"Ghi chú {name}")
    db.session.commit()
    return event, coop


@pytest.fixture
def two_organisers(db, make_organiser, make_event, make_cooperative, make_user):
    alpha = make_organiser(f"Liên minh HTX {MARKER}")
    _event_with_everything(db, make_event, make_cooperative, alpha, MARKER, "zetaxy", "+849876")
    make_user("admin", email="zetaxy-admin@example.org", organiser=alpha, full_name=f"Trần {MARKER}")
    make_user("door", email="zetaxy-door@example.org", organiser=alpha)
    beta = make_organiser("Liên minh HTX Hải Phòng")
    _event_with_everything(db, make_event, make_cooperative, beta, SIBLING, "quxyva", "+849555",
                           cooperative="HTX Dịch vụ tổng hợp Bình An")
    event, coop = _event_with_everything(db, make_event, make_cooperative, beta, "Hải Phòng", "hp", "+849123")
    people = {
        "organiser admin": make_user("admin", organiser=beta),
        "admin of one event": make_user("admin", organiser=beta, event=event),
        "door": make_user("door", event=event),
        "exhibitor": make_user("exhibitor", event=event, cooperative=coop),
    }
    return event, people


@pytest.mark.parametrize("who", ["organiser admin", "admin of one event", "door", "exhibitor"])
def test_a_person_of_organiser_b_never_sees_a_row_of_organiser_a(app, client, login, two_organisers, who):
    event, people = two_organisers
    user = people[who]
    login(user)
    slugs = ("ngay-hoi-zetaxy", "ngay-hoi-quxyva", event.slug)
    # Organiser B's admin sees both of B's events; the others work for one of them only.
    forbidden = MARKERS + (SIBLING_MARKERS if user.event_id is not None else ())
    walked = 0
    for rule, method in _rules(app):
        access = required_roles(rule.endpoint)
        if method != "GET" or access == "public" or user.role not in access:
            continue
        urls = {_fill(rule, slug, number) for slug in slugs for number in (1, 2)}
        for url in sorted(urls):
            response = client.get(url)
            assert response.status_code < 500, (url, response.status_code)
            body = _text_of(response) if response.status_code == 200 else ""
            leaked = [m for m in forbidden if m in body]
            assert not leaked, (who, url, leaked)
            walked += 1
    assert walked >= 4
