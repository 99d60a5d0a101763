"""The guests' programme lists the exhibitors exactly as the booth plan's directory does."""
from eventapp.booths.directory import directory_csv, directory_rows
from eventapp.booths.models import BoothApplication, BoothAssignment
from eventapp.programme.documents import build_document
from eventapp.programme.render import render

from .conftest import flat, needs_poppler, pdf_text


def assign(db, event, coop, booths, sector="", products=""):
    application = BoothApplication(event_id=event.id, cooperative_id=coop.id, sector=sector, products=products,
                                   status="approved")
    db.session.add(application)
    db.session.flush()
    for booth in booths:
        db.session.add(BoothAssignment(event_id=event.id, booth_id=booth.id, application_id=application.id))
    db.session.commit()


def exhibition(db, make_event, make_booth, make_cooperative):
    event = make_event()
    a1, a2, b1 = (make_booth(event, code, x=x, y=y, width=3, height=3)
                  for code, x, y in (("A01", 0, 0), ("A02", 3, 0), ("B01", 0, 5)))
    honey = make_cooperative(event, "HTX Mật ong Vĩnh Bảo", sector="Nông nghiệp", products="Mật ong")
    crafts = make_cooperative(event, "HTX Ánh Dương", sector="Thủ công mỹ nghệ", products="Mây tre đan")
    # What the application says for this event wins over the registry; an empty field falls back to it.
    assign(db, event, honey, [a2, a1], sector="Thực phẩm", products="Mật ong rừng, sữa ong chúa")
    assign(db, event, crafts, [b1])
    return event


def test_the_programme_and_the_booth_directory_list_the_same_exhibitors(db, make_event, make_booth, make_cooperative):
    event = exhibition(db, make_event, make_booth, make_cooperative)
    expected = [("A01, A02", "HTX Mật ong Vĩnh Bảo", "Thực phẩm", "Mật ong rừng, sữa ong chúa"),
                ("B01", "HTX Ánh Dương", "Thủ công mỹ nghệ", "Mây tre đan")]
    def listed(rows):
        return [(r.booths, r.cooperative, r.sector, r.products) for r in rows]
    assert listed(directory_rows(event)) == expected
    document = build_document(event)
    assert listed(document.exhibitors) == expected
    assert [b.code for b in document.floor_plan.booths] == ["A01", "A02", "B01"]
    assert len(document.floor_plan.assignments) == 3
    text = directory_csv(directory_rows(event)).decode("utf-8-sig")
    assert "A02,HTX Mật ong Vĩnh Bảo,Thực phẩm,\"Mật ong rừng, sữa ong chúa\"" in text


@needs_poppler
def test_the_printed_programme_shows_what_the_exhibitor_applied_with(db, make_event, make_booth, make_cooperative,
                                                                      tmp_path):
    event = exhibition(db, make_event, make_booth, make_cooperative)
    text = flat(pdf_text(render("guest", build_document(event)), tmp_path))
    directory = text[text.index("Danh mục đơn vị trưng bày"):]  # after the plan, which labels booths too
    assert "A01, A02 HTX Mật ong Vĩnh Bảo Thực phẩm – Mật ong rừng, sữa ong chúa B01 HTX Ánh Dương" in directory
