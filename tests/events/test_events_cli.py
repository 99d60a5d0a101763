"""`flask events ...`: what an operator types and reads; errors are one clear line, never a traceback."""
from eventapp.checkin.models import Gate
from eventapp.events.models import Event


def events(db):
    return {e.slug: e for e in db.session.execute(db.select(Event)).scalars()}


def refused(result, *words):
    assert result.exit_code != 0 and "Traceback" not in result.output, result.output
    for word in words:
        assert word in result.output, result.output


def test_create_list_close_and_archive(runner, db, make_organiser):
    make_organiser("Liên minh HTX tỉnh Thái Bình")
    result = runner.invoke(args=["events", "create", "--organiser", "lien-minh-htx-tinh-thai-binh",
                                 "--name", "Ngày hội HTX Thái Bình 2026", "--start", "2026-04-11 08:00",
                                 "--end", "2026-04-11 11:30", "--venue", "Nhà văn hoá tỉnh"])
    assert result.exit_code == 0, result.output
    assert "/e/ngay-hoi-htx-thai-binh-2026/" in result.output
    event = events(db)["ngay-hoi-htx-thai-binh-2026"]
    assert event.local(event.starts_at).strftime("%H:%M") == "08:00" and event.venue == "Nhà văn hoá tỉnh"
    assert [c.code for c in event.categories] == ["khach-moi"]

    listing = runner.invoke(args=["events", "list"]).output
    assert "ngay-hoi-htx-thai-binh-2026\t11/04/2026 08:00" in listing and "lien-minh-htx-tinh-thai-binh" in listing

    assert runner.invoke(args=["events", "close-registration", "ngay-hoi-htx-thai-binh-2026"]).exit_code == 0
    assert runner.invoke(args=["events", "archive", "ngay-hoi-htx-thai-binh-2026"]).exit_code == 0
    db.session.expire_all()
    assert event.registration_closed_at is not None and event.archived_at is not None
    assert "Lưu trữ" in runner.invoke(args=["events", "list"]).output


def test_create_refuses_bad_input_clearly(runner, db, make_organiser, make_event):
    make_organiser("Liên minh HTX tỉnh Nam Định")
    make_event(slug="da-co")
    base = ["events", "create", "--organiser", "lien-minh-htx-tinh-nam-dinh", "--name", "Ngày hội"]
    refused(runner.invoke(args=["events", "create", "--organiser", "khong-co", "--name", "X",
                                "--start", "2026-04-11 08:00", "--end", "2026-04-11 09:00"]), "khong-co")
    refused(runner.invoke(args=base + ["--start", "11/04/2026 08:00", "--end", "2026-04-11 09:00"]),
            "--start", "YYYY-MM-DD HH:MM")
    refused(runner.invoke(args=base + ["--start", "2026-04-11 08:00", "--end", "2026-04-11 07:00"]),
            "--end", "kết thúc phải sau")
    refused(runner.invoke(args=base + ["--slug", "da-co", "--start", "2026-04-11 08:00", "--end", "2026-04-11 09:00"]),
            "--slug", "da-co")
    refused(runner.invoke(args=base + ["--timezone", "Mars/Olympus", "--start", "2026-04-11 08:00",
                                       "--end", "2026-04-11 09:00"]), "--timezone")
    assert set(events(db)) == {"da-co"}


def test_clone_copies_the_chosen_parts_to_the_new_date(runner, db, make_event):
    source = make_event(slug="ngay-hoi-2025", categories=("lanh-dao", "dai-bieu"))
    db.session.add(Gate(event_id=source.id, code="cong-chinh", name="Cổng chính", categories=[source.categories[0]]))
    db.session.commit()
    result = runner.invoke(args=["events", "clone", "ngay-hoi-2025", "--slug", "ngay-hoi-2026",
                                 "--name", "Ngày hội HTX 2026", "--date", "2027-04-10", "--only", "categories,gates"])
    assert result.exit_code == 0, result.output
    assert "10/04/2027 08:00" in result.output
    new = events(db)["ngay-hoi-2026"]
    assert [c.code for c in new.categories] == ["lanh-dao", "dai-bieu"]
    gate = db.session.execute(db.select(Gate).filter_by(event_id=new.id)).scalar_one()
    assert [c.id for c in gate.categories] == [new.categories[0].id]


def test_clone_refuses_clearly(runner, db, make_event):
    make_event(slug="ngay-hoi-2025")
    base = ["events", "clone", "ngay-hoi-2025", "--name", "Mới", "--date", "2026-04-10"]
    refused(runner.invoke(args=["events", "clone", "khong-co", "--slug", "x", "--name", "X", "--date", "2026-04-10"]),
            "khong-co")
    refused(runner.invoke(args=base + ["--slug", "ngay-hoi-2025"]), "--slug", "đã được dùng")
    refused(runner.invoke(args=base + ["--slug", "moi", "--only", "gates"]), "--only", "thành phần khách mời")
    refused(runner.invoke(args=base + ["--slug", "moi", "--only", "khach"]), "--only", "khach")
    refused(runner.invoke(args=["events", "clone", "ngay-hoi-2025", "--name", "Mới", "--slug", "moi",
                                "--date", "10/04/2026"]), "--date", "YYYY-MM-DD")
    assert set(events(db)) == {"ngay-hoi-2025"}
    refused(runner.invoke(args=["events", "archive", "khong-co"]), "khong-co")
    refused(runner.invoke(args=["events", "close-registration", "khong-co"]), "khong-co")
