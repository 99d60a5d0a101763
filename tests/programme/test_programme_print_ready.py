"""What a print shop's preflight checks on every PDF the app makes: every font embedded, the exact
paper size, and the document's title, author (the organiser) and language."""
import subprocess

import pytest
from pypdf import PdfReader

from eventapp.badges.layouts import LAYOUT_KEYS
from eventapp.badges.render import Badge, EventHeader, render_badges
from eventapp.badges.services import render_guests
from eventapp.programme.documents import build_document
from eventapp.programme.render import KINDS, render
from eventapp.programme.render.guest import render_guest_programme
from eventapp.registration.models import Guest

from .conftest import fonts_of, needs_poppler

pytestmark = needs_poppler
MM = 72 / 25.4
A4 = (210 * MM, 297 * MM)
PAGE_SIZES = {
    "guest": A4, "runsheet": A4, "certificates": (297 * MM, 210 * MM), "booklet": (297 * MM, 210 * MM),
    "a6": (105 * MM, 148 * MM), "a4-4up": A4, "a4-8cards": A4, "label": (62 * MM, 100 * MM),
    "booth-plan": (297 * MM, 210 * MM), "A5 pages": (148 * MM, 210 * MM),
}


def every_pdf(event, client):
    """{kind: bytes} of every PDF the app makes, for the event."""
    document = build_document(event)
    pdfs = {kind: render(kind, document) for kind in KINDS}
    pdfs["A5 pages"] = render_guest_programme(document, page_format="A5")
    guests = Guest.query.filter_by(event_id=event.id, status="registered").limit(9).all()
    for layout in LAYOUT_KEYS:
        pdfs[layout] = render_guests(event, guests, layout)
    response = client.get(f"/admin/e/{event.slug}/booths/plan.pdf")
    assert response.status_code == 200
    pdfs["booth-plan"] = response.data
    return pdfs


def test_every_pdf_embeds_every_font_and_has_the_exact_paper_size(db, demo_event, admin, client, tmp_path):
    pdfs = every_pdf(demo_event, client)
    assert set(pdfs) == set(PAGE_SIZES)
    for kind, data in pdfs.items():
        fonts = fonts_of(data, tmp_path)
        assert fonts, kind
        assert all(embedded == "yes" for _name, embedded in fonts), (kind, fonts)
        assert not any("Helvetica" in name for name, _ in fonts), (kind, fonts)
        reader = PdfReader(tmp_path / "fonts.pdf")
        for page in reader.pages:
            size = (float(page.mediabox.width), float(page.mediabox.height))
            assert size == pytest.approx(PAGE_SIZES[kind], abs=0.01), kind


def test_the_programmes_and_badges_name_their_title_organiser_and_language(db, demo_event, client, tmp_path):
    document = build_document(demo_event)
    pdfs = {kind: render(kind, document) for kind in KINDS}
    header = EventHeader(demo_event.name, "06/04/2024", organiser=demo_event.organiser)
    pdfs["badges"] = render_badges(header, [Badge("t0k3n", "Nguyễn Mạnh Cường")])
    for kind, data in pdfs.items():
        path = tmp_path / f"{kind}.pdf"
        path.write_bytes(data)
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
        assert f"Author:          {demo_event.organiser}" in info, kind
        assert demo_event.name in info.split("Title:")[1].splitlines()[0], kind
        assert PdfReader(path).trailer["/Root"]["/Lang"] == "vi", kind
