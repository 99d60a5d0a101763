"""Security round 2 (both lanes): sessions end on the server, exhibitors cancel only their booth
staff, and people see only their organiser's and their event's rows."""
import pytest

from eventapp.audit import AuditEntry
from eventapp.booths import placement, portal
from eventapp.errors import NotFound
from eventapp.registration.models import Guest
from tests.conftest import csrf_token


# ----- 2. logging out ends the session on the server ----------------------------------------------

def _signed_in(client, user, password="mat-khau-rat-dai"):
    client.post("/login", data={"csrf_token": csrf_token(client), "email": user.email, "password": password})
    cookie = client.get_cookie("session")
    assert cookie is not None
    assert client.get("/admin/audit").status_code == 200
    return cookie.value


def _replayed(app, cookie_value):
    other = app.test_client()
    other.set_cookie("session", cookie_value)
    return other.get("/admin/audit")


def _is_login_page(response):
    return response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_cookie_saved_before_logout_no_longer_opens_staff_pages(app, client, make_user):
    user = make_user("admin")
    saved = _signed_in(client, user)
    client.post("/logout", data={"csrf_token": csrf_token(client, "/admin/")})
    assert _is_login_page(_replayed(app, saved))


@pytest.mark.parametrize("action", ["new_password", "deactivated", "everywhere"])
def test_a_saved_cookie_fails_after_password_change_deactivation_or_log_out_everywhere(app, client, db, make_user,
                                                                                       action):
    from eventapp.auth.services import end_sessions

    user = make_user("admin")
    saved = _signed_in(client, user)
    if action == "new_password":
        user.set_password("mot-mat-khau-moi-dai")
        db.session.commit()
    elif action == "deactivated":
        user.active = False
        db.session.commit()
    else:
        end_sessions(user)
    assert _is_login_page(_replayed(app, saved))


def test_a_cookie_of_before_revocable_sessions_reads_as_signed_out(client, make_user):
    user = make_user("admin")
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)  # the shape of the cookies issued before
    assert _is_login_page(client.get("/admin/audit"))


# ----- 3. an exhibitor cancels only the booth staff it registered ---------------------------------

@pytest.fixture
def staffed(db, make_event, make_cooperative, make_booth, make_guest):
    from eventapp.booths.models import BoothApplication

    event = make_event(categories=("khach", "trung-bay"), staff_per_booth=2)
    guests_category, staff_category = event.categories
    guests_category.capacity = 1
    coop = make_cooperative(event, "HTX Thủy sản Cát Bà")
    application = BoothApplication(event_id=event.id, cooperative_id=coop.id, sector="Thủy sản", status="approved")
    db.session.add(application)
    db.session.commit()
    placement.assign(make_booth(event, "A01"), application)
    delegate = make_guest(event, "Phạm Văn Đức", category=guests_category, cooperative_id=coop.id)
    waiting = make_guest(event, "Lê Thị Hoa", category=guests_category, status="waiting")
    staff = portal.register_staff(event, coop, full_name="Nguyễn Văn An", email="an@example.org")
    return event, coop, delegate, waiting, staff


def test_an_exhibitor_cannot_cancel_a_guest_of_its_cooperative_who_is_not_booth_staff(db, staffed):
    event, coop, delegate, _waiting, _staff = staffed
    with pytest.raises(NotFound):
        portal.remove_staff(event, coop, delegate.id)
    assert db.session.get(Guest, delegate.id).status == "registered"


def test_removing_booth_staff_goes_through_the_cancellation_service(db, staffed, make_user, client, login):
    event, coop, _delegate, _waiting, staff = staffed
    login(make_user("exhibitor", cooperative=coop, event=event))
    response = client.post(f"/exhibitor/staff/{staff.id}/remove",
                           data={"csrf_token": csrf_token(client, "/exhibitor/")}, follow_redirects=True)
    assert response.status_code == 200
    assert db.session.get(Guest, staff.id).status == "cancelled"
    actions = db.session.execute(db.select(AuditEntry.action).where(AuditEntry.target == f"guest:{staff.id}")
                                 ).scalars().all()
    assert "guest.cancel" in actions and "booth.staff_remove" in actions


def test_the_portal_refuses_to_cancel_a_delegate_of_the_cooperative(db, staffed, make_user, client, login):
    event, coop, delegate, waiting, _staff = staffed
    login(make_user("exhibitor", cooperative=coop, event=event))
    response = client.post(f"/exhibitor/staff/{delegate.id}/remove",
                           data={"csrf_token": csrf_token(client, "/exhibitor/")}, follow_redirects=True)
    assert "Đã huỷ đăng ký nhân viên" not in response.get_data(as_text=True)
    assert db.session.get(Guest, delegate.id).status == "registered"
    assert db.session.get(Guest, waiting.id).status == "waiting"
