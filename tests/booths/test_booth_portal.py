"""The exhibitor's side (both lanes): self-selection, including two exhibitors clicking one booth
at the same moment, booth staff within the limit, and how accounts come to be."""
import re
import threading
from datetime import UTC

import pytest

from eventapp.booths import accounts, applications, placement, portal
from eventapp.booths.applications import Wish
from eventapp.errors import Conflict, DomainError
from eventapp.mail import outbox_messages
from eventapp.registration.models import Guest
from tests.conftest import _truncate_all, lane_url


def test_self_selection_takes_free_adjacent_booths_only(db, booth_event, row_of_booths, make_booth,
                                                        make_application):
    booth_event.booth_self_selection = True
    db.session.commit()
    a1, a2, a3 = row_of_booths(booth_event, 3)
    far = make_booth(booth_event, "B01", x=0, y=10)
    mine = make_application(booth_event, "HTX Hai gian", wanted=2, status="submitted")
    other = make_application(booth_event, "HTX Khác")
    portal.pick_booth(booth_event, mine.cooperative, a1)
    with pytest.raises(DomainError, match="liền kề"):
        portal.pick_booth(booth_event, mine.cooperative, far)
    portal.pick_booth(booth_event, mine.cooperative, a2)
    with pytest.raises(DomainError, match="đủ 2 gian"):
        portal.pick_booth(booth_event, mine.cooperative, a3)
    with pytest.raises(Conflict, match="vừa được đơn vị khác chọn"):
        portal.pick_booth(booth_event, other.cooperative, a1)
    assert [b.code for b in placement.booths_of(mine)] == ["A01", "A02"]
    assignment = placement.assignment_of(a1)
    assert assignment.source == "self" and assignment.locked  # kept when the organiser re-runs the allocator
    portal.release_booth(booth_event, mine.cooperative, a2)
    assert a2.plan_status == "free"
    booth_event.booth_self_selection = False
    db.session.commit()
    with pytest.raises(DomainError, match="chưa mở"):
        portal.pick_booth(booth_event, other.cooperative, a3)


@pytest.fixture
def shared_app(lane, tmp_path):
    """An app whose threads use separate database connections (a file for SQLite), so that two
    requests really race."""
    from eventapp import create_app
    from eventapp.extensions import db

    url = f"sqlite:///{tmp_path / 'race.sqlite3'}" if lane == "sqlite" else lane_url(lane)
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        db.create_all()
        if lane == "postgresql":
            _truncate_all()
    yield app
    with app.app_context():
        if lane == "postgresql":
            _truncate_all()
        db.engine.dispose()


def test_two_exhibitors_clicking_one_booth_at_once_one_wins_one_is_told(shared_app):
    from datetime import datetime

    from eventapp.booths.models import Booth, BoothApplication, Cooperative
    from eventapp.events.models import Event, Organiser
    from eventapp.extensions import db

    rounds = 6
    with shared_app.app_context():
        start = datetime(2026, 4, 11, 1, tzinfo=UTC)
        event = Event(slug="dua", name="Ngày hội", starts_at=start, ends_at=start, booth_self_selection=True,
                      owner=Organiser(name="Liên minh HTX", slug="lien-minh"))
        db.session.add(event)
        db.session.flush()
        event_id = event.id
        booths = [Booth(event_id=event.id, code=f"A{i:02d}", x=10.0 * i, y=0) for i in range(rounds)]
        coops = [Cooperative(organiser_id=event.organiser_id, name=f"HTX {i}", sector="Nông nghiệp") for i in range(2 * rounds)]
        db.session.add_all(booths + coops)
        db.session.flush()
        db.session.add_all([BoothApplication(event_id=event.id, cooperative_id=c.id, status="approved")
                            for c in coops])
        db.session.commit()
        booth_ids, coop_ids = [b.id for b in booths], [c.id for c in coops]

    def click(coop_id, booth_id, barrier, outcomes):
        with shared_app.app_context():
            barrier.wait()  # (before any query: on SQLite the first statement takes the write lock)
            coop, booth = db.session.get(Cooperative, coop_id), db.session.get(Booth, booth_id)
            try:
                portal.pick_booth(db.session.get(Event, event_id), coop, booth)
                outcomes.append(("ok", coop_id))
            except Conflict as exc:
                outcomes.append(("refused", exc.message))
            finally:
                db.session.remove()

    for n, booth_id in enumerate(booth_ids):
        barrier, outcomes = threading.Barrier(2, timeout=30), []
        pair = coop_ids[2 * n:2 * n + 2]
        threads = [threading.Thread(target=click, args=(c, booth_id, barrier, outcomes)) for c in pair]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        assert sorted(kind for kind, _ in outcomes) == ["ok", "refused"], outcomes
        refusal = next(detail for kind, detail in outcomes if kind == "refused")
        assert "vừa được đơn vị khác chọn" in refusal
    with shared_app.app_context():
        from eventapp.booths.models import BoothAssignment

        assert db.session.execute(db.select(db.func.count()).select_from(BoothAssignment)).scalar_one() == rounds


def test_booth_staff_become_exhibitor_guests_within_the_limit(db, booth_event, row_of_booths, make_application):
    a1, a2 = row_of_booths(booth_event, 2)
    application = make_application(booth_event, "HTX Mây tre đan Tân Dương")
    coop = application.cooperative
    with pytest.raises(DomainError, match="cần có gian hàng"):
        portal.register_staff(booth_event, coop, full_name="Nguyễn Văn An", email="an@example.org")
    placement.assign(a1, application)
    assert portal.staff_limit(booth_event, coop) == 2  # staff_per_booth of the event x one booth
    first = portal.register_staff(booth_event, coop, full_name="nguyễn văn  an", email="An@Example.org")
    portal.register_staff(booth_event, coop, full_name="Trần Thị Bình", phone="0912 345 678")
    with pytest.raises(DomainError, match="Đã đủ 2 nhân viên"):
        portal.register_staff(booth_event, coop, full_name="Lê Văn Cường", email="cuong@example.org")
    guest = db.session.get(Guest, first.id)
    assert guest.category.code == "trung-bay" and guest.source == "exhibitor"
    assert guest.cooperative_id == coop.id and guest.organization == coop.name and guest.consent_at is not None
    assert guest.email == "an@example.org" and guest.status == "registered"
    assert [g.full_name for g in portal.list_staff(booth_event, coop)] == ["nguyễn văn an", "Trần Thị Bình"]
    portal.remove_staff(booth_event, coop, first.id)
    assert len(portal.list_staff(booth_event, coop)) == 1
    portal.register_staff(booth_event, coop, full_name="Lê Văn Cường", email="cuong@example.org")


def test_application_wishes_are_validated_and_stored_in_order(db, booth_event, row_of_booths, make_cooperative):
    a1, a2 = row_of_booths(booth_event, 2)
    coop = make_cooperative(booth_event, "HTX Gốm", sector="Thủ công mỹ nghệ")
    application = applications.submit_application(booth_event, coop, sector="Thủ công mỹ nghệ", products="Gốm mỹ nghệ", booths_wanted=2, needs_power=True,
        wishes=[Wish.parse(f"booth:{a2.id}"), None, Wish.parse("zone:Nông nghiệp")], notes="Gần lối vào")
    assert [(p.rank, p.zone, p.booth_id) for p in application.preferences] == [
        (1, None, a2.id), (2, "Nông nghiệp", None)]
    with pytest.raises(DomainError, match="Không có khu vực"):
        applications.submit_application(booth_event, coop, sector="X", products="Y", booths_wanted=1,
                                        wishes=[Wish.parse("zone:Sao Hỏa")])
    with pytest.raises(DomainError, match="Số gian"):
        applications.submit_application(booth_event, coop, sector="X", products="Y", booths_wanted=5)
    applications.decide_application(application, "approved")
    with pytest.raises(Conflict):
        applications.submit_application(booth_event, coop, sector="X", products="Y", booths_wanted=1)


def test_invitation_link_sets_the_password_once(db, app, booth_event, make_cooperative):
    from eventapp.auth.services import authenticate

    coop = make_cooperative(booth_event, "HTX Thủy sản Cát Bà")
    with app.test_request_context():
        account = accounts.invite(booth_event, email="CatBa@Example.org", full_name="Phạm Thị Hoa",
                                  cooperative=coop, link_for=lambda token: f"https://example.org/p/{token}")
    [message] = outbox_messages()
    assert message["to"] == "catba@example.org" and "HTX Thủy sản Cát Bà" in message["body"]
    token = message["body"].split("https://example.org/p/")[1].split()[0]
    assert account.status == "invited" and authenticate("catba@example.org", "mot-mat-khau-moi") is None
    with pytest.raises(DomainError, match="không khớp"):
        accounts.set_password_with_token(token, "mot-mat-khau-moi", "khac-hoan-toan")
    user = accounts.set_password_with_token(token, "mot-mat-khau-moi", "mot-mat-khau-moi")
    assert authenticate("catba@example.org", "mot-mat-khau-moi") == user and user.cooperative_id == coop.id
    assert account.status == "active"
    with pytest.raises(DomainError, match="đã được dùng"):
        accounts.user_for_token(token)
    with pytest.raises(DomainError, match="hết hạn"):
        accounts.user_for_token(accounts.password_token(user), max_age=-1)
    with pytest.raises(DomainError, match="không hợp lệ"):
        accounts.user_for_token(token[:-3] + "abc")
    with pytest.raises(Conflict):
        accounts.invite(booth_event, email="khac@example.org", cooperative=coop, link_for=str)


def test_a_cooperative_signs_up_and_logs_in_once_approved(db, app, booth_event):
    from eventapp.auth.services import authenticate

    account = accounts.sign_up(booth_event, cooperative_name="HTX Rau an toàn Minh Tân", sector="Nông nghiệp",
                               products="Rau an toàn", full_name="Đỗ Văn Minh", email="minhtan@example.org",
                               phone="0912345678", password="mat-khau-htx-123", confirm="mat-khau-htx-123")
    assert account.status == "pending" and account.cooperative.organiser_id == booth_event.organiser_id
    assert authenticate("minhtan@example.org", "mat-khau-htx-123") is None   # not before approval
    with pytest.raises(Conflict):
        accounts.sign_up(booth_event, cooperative_name="HTX Rau an toàn Minh Tân", sector="Nông nghiệp",
                         products="", full_name="Ai đó", email="khac@example.org", password="mat-khau-htx-123",
                         confirm="mat-khau-htx-123")
    db.session.rollback()
    with app.test_request_context():
        accounts.decide(account, True, "https://example.org/login")
    assert authenticate("minhtan@example.org", "mat-khau-htx-123").cooperative.name == "HTX Rau an toàn Minh Tân"
    [mail] = outbox_messages()
    assert mail["to"] == "minhtan@example.org" and "đã được duyệt" in mail["body"]


def test_a_two_booth_request_is_offered_only_booths_that_can_complete_a_pair(db, booth_event, row_of_booths,
                                                                             make_booth, make_application):
    booth_event.booth_self_selection = True
    db.session.commit()
    a1, a2 = row_of_booths(booth_event, 2)
    lone = make_booth(booth_event, "E12", x=30, y=0)
    pair = make_application(booth_event, "HTX Hai gian", wanted=2, status="approved")
    assert portal.open_booths(booth_event, pair) == ({a1.id, a2.id}, 2)
    with pytest.raises(DomainError, match="không thể cùng các gian khác tạo thành 2 gian liền kề"):
        portal.pick_booth(booth_event, pair.cooperative, lone)
    portal.pick_booth(booth_event, pair.cooperative, a1)
    assert portal.open_booths(booth_event, pair) == ({a2.id}, 1)
    portal.pick_booth(booth_event, pair.cooperative, a2)
    assert portal.open_booths(booth_event, pair) == (set(), 0)


def test_a_pick_outside_the_suitable_zones_is_warned_before_confirming(db, booth_event, row_of_booths,
                                                                        make_application):
    [fish_booth] = row_of_booths(booth_event, 1, zone="Thủy sản")
    [craft_booth] = row_of_booths(booth_event, 1, zone="Thủ công mỹ nghệ", y=10, prefix="E")
    seafood = make_application(booth_event, "HTX Hải sản", sector="Thủy sản", status="submitted")
    assert portal.zone_warning(booth_event, seafood, fish_booth) is None
    warning = portal.zone_warning(booth_event, seafood, craft_booth)
    assert warning.startswith("Gian E01 thuộc khu Thủ công mỹ nghệ, không phải khu phù hợp với ngành Thủy sản")


def test_wishes_wait_for_a_decision_before_they_are_met_or_missed(db, booth_event, row_of_booths, make_application):
    a1, a2 = row_of_booths(booth_event, 2)
    application = make_application(booth_event, "HTX Chờ", wishes=[a1])
    [wish] = placement.explain(application)
    assert wish.pending and not wish.met
    placement.assign(a2, application)
    [wish] = placement.explain(application)
    assert not wish.pending and not wish.met


def test_the_plan_shows_a_short_label_the_organiser_can_set(db, booth_event, row_of_booths, make_application):
    from eventapp.booths.svg import render_plan_svg

    a1, a2 = row_of_booths(booth_event, 2)
    long_name = make_application(booth_event, "HTX Dịch vụ Đại Hà")
    named = make_application(booth_event, "Hợp tác xã Nông nghiệp Tân Dương")
    named.cooperative.short_name = "Tân Dương"
    db.session.commit()
    placement.assign(a1, long_name)
    placement.assign(a2, named)
    svg = render_plan_svg([a1, a2], placement.plan_labels(booth_event),
                          short_labels=placement.plan_short_labels(booth_event))
    lines = {code: re.findall(r"<tspan[^>]*>([^<]*)</tspan>", group)
             for code, group in re.findall(r'data-code="(\w+)">(.*?)</g>', svg)}
    # The legal form goes; what is left is shown in whole words, from its start.
    assert lines == {"A01": ["Dịch vụ", "Đại Hà"], "A02": ["Tân Dương"]}
