"""What a print shop's preflight checks on every PDF the app makes: every font embedded, the exact
paper size, and the document's title, author (the organiser) and language."""
import subprocess
from io import BytesIO

import pytest
from pypdf import PdfReader

from eventapp.badges.layouts import LAYOUT_KEYS
from eventapp.badges.render import Badge, EventHeader, render_badges
from eventapp.badges.services import render_guests
from eventapp.programme.documents import build_document
from eventapp.programme.render import KINDS, render, render_calibration, render_certificates
from eventapp.programme.render.guest import render_guest_programme
from eventapp.registration.models import Guest

from .conftest import fonts_of, needs_poppler

pytestmark = needs_poppler
MM = 72 / 25.4
A4 = (210 * MM, 297 * MM)
A4_TURNED = (297 * MM, 210 * MM)
SHOP = 2 * 13 * MM  # a print shop's sheet: the page, 3 mm bleed and 10 mm for the crop marks on each side
PAGE_SIZES = {
    "guest": A4, "runsheet": A4, "certificates": A4_TURNED, "booklet": A4_TURNED,
    "certificates print-shop": A4_TURNED, "calibration": A4_TURNED,
    "a6": (105 * MM, 148 * MM), "a4-4up": A4, "a4-8cards": A4, "label": (62 * MM, 100 * MM),
    "booth-plan": A4_TURNED, "A5 pages": (148 * MM, 210 * MM),
}
TURNED_PAGES = ("guest",)  # the floor plan's page is A4 turned to landscape


def every_pdf(event, client):
    """{kind: bytes} of every PDF the app makes, for the event."""
    document = build_document(event)
    pdfs = {kind: render(kind, document) for kind in KINDS}
    pdfs["A5 pages"] = render_guest_programme(document, page_format="A5")
    pdfs["certificates print-shop"] = render_certificates(document, mode="print-shop")
    if document.categories:
        pdfs["calibration"] = render_calibration(document, document.categories[0])
    guests = Guest.query.filter_by(event_id=event.id, status="registered").limit(9).all()
    for layout in LAYOUT_KEYS:
        if guests:
            pdfs[layout] = render_guests(event, guests, layout)
    response = client.get(f"/admin/e/{event.slug}/booths/plan.pdf")
    assert response.status_code == 200
    pdfs["booth-plan"] = response.data
    return pdfs


def page_size_problems(kind, data):
    """The pages whose paper is not exactly the kind's (its TrimBox, for a print shop's sheet)."""
    problems = []
    expected = PAGE_SIZES[kind]
    for number, page in enumerate(PdfReader(BytesIO(data)).pages, start=1):
        size = (float(page.mediabox.width), float(page.mediabox.height))
        trim = (float(page.trimbox.width), float(page.trimbox.height))
        if kind.endswith("print-shop"):
            good = trim == pytest.approx(expected, abs=0.01) and size == pytest.approx(
                (expected[0] + SHOP, expected[1] + SHOP), abs=0.01)
        else:
            good = size == pytest.approx(expected, abs=0.01) or (
                kind in TURNED_PAGES and size == pytest.approx(expected[::-1], abs=0.01))
        if not good:
            problems.append((number, size, trim))
    return problems


def test_every_pdf_embeds_every_font_and_has_the_exact_paper_size(db, demo_event, admin, client, tmp_path):
    pdfs = every_pdf(demo_event, client)
    assert set(pdfs) == set(PAGE_SIZES)
    for kind, data in pdfs.items():
        fonts = fonts_of(data, tmp_path)
        assert fonts, kind
        assert all(embedded == "yes" for _name, embedded in fonts), (kind, fonts)
        assert not any("Helvetica" in name for name, _ in fonts), (kind, fonts)
        assert page_size_problems(kind, data) == [], kind


def test_the_programmes_badges_and_booth_plan_name_their_title_organiser_and_language(db, demo_event, admin, client,
                                                                                      tmp_path):
    document = build_document(demo_event)
    pdfs = {kind: render(kind, document) for kind in KINDS}
    pdfs["certificates print-shop"] = render_certificates(document, mode="print-shop")
    header = EventHeader(demo_event.name, "06/04/2024", organiser=demo_event.organiser)
    pdfs["badges"] = render_badges(header, [Badge("t0k3n", "Nguyễn Mạnh Cường")])
    pdfs["booth-plan"] = client.get(f"/admin/e/{demo_event.slug}/booths/plan.pdf").data
    for kind, data in pdfs.items():
        path = tmp_path / f"{kind}.pdf"
        path.write_bytes(data)
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
        assert f"Author:          {demo_event.organiser}" in info, kind
        assert demo_event.name in info.split("Title:")[1].splitlines()[0], kind
        assert PdfReader(path).trailer["/Root"]["/Lang"] == "vi", kind
