"""What organisers see of the messages: the list, scoped; resend; the dashboard's warning; the guest page."""
from eventapp.messages.models import Message
from eventapp.messages.services import queue_message
from tests.conftest import csrf_token


def _fail(db, message_id, error="SMTPRecipientsRefused: 550 hộp thư không tồn tại"):
    db.session.execute(db.update(Message).where(Message.id == message_id)
                       .values(status="failed", attempts=6, last_error=error))
    db.session.commit()


def _two_organisers(db, make_event, make_guest, make_organiser):
    a, b = make_organiser("Liên minh HTX Hải Phòng"), make_organiser("Liên minh HTX Cần Thơ")
    event_a, event_b = make_event(organiser=a), make_event(organiser=b)
    guest_a, guest_b = make_guest(event_a, email="khach-a@example.org"), make_guest(event_b, email="khach-b@example.org")
    messages = {name: queue_message(guest.email, f"Thư mời {name.upper()}", "Kính gửi", kind="guest.invited",
                                    guest=guest) for name, guest in (("a", guest_a), ("b", guest_b))}
    messages["a_staff"] = queue_message("moi@example.org", "Lời mời tham gia ban tổ chức A", "Kính gửi",
                                        kind="staff.invitation", organiser=a)
    db.session.commit()
    return a, b, event_a, event_b, guest_a, {name: m.id for name, m in messages.items()}


def test_each_organiser_sees_only_its_own_messages(client, db, make_event, make_guest, make_organiser, make_user,
                                                   login):
    a, b, event_a, event_b, _, ids = _two_organisers(db, make_event, make_guest, make_organiser)
    login(make_user("admin", organiser=b))
    page = client.get("/admin/outbox").get_data(as_text=True)
    assert "Thư mời B" in page and "khach-b@example.org" in page
    assert "Thư mời A" not in page and "khach-a@example.org" not in page and "ban tổ chức A" not in page
    # Filtering on the other organiser's event shows nothing of it either.
    assert "khach-a@example.org" not in client.get(f"/admin/outbox?event={event_a.id}").get_data(as_text=True)
    # Nor can its messages be resent by id.
    response = client.post(f"/admin/messages/{ids['a']}/resend", data={"csrf_token": csrf_token(client, "/admin/outbox")})
    assert response.status_code == 404
    assert db.session.execute(db.select(db.func.count()).select_from(Message)).scalar_one() == 3


def test_an_admin_bound_to_one_event_sees_that_event_only(client, db, make_event, make_guest, make_organiser,
                                                          make_user, login):
    a, b, event_a, event_b, _, ids = _two_organisers(db, make_event, make_guest, make_organiser)
    other_a = make_event(organiser=a)
    queue_message("khac@example.org", "Thư mời sự kiện khác", "Kính gửi", kind="guest.invited", event=other_a)
    db.session.commit()
    login(make_user("admin", organiser=a, event=event_a))
    page = client.get("/admin/outbox").get_data(as_text=True)
    assert "Thư mời A" in page
    assert "Thư mời sự kiện khác" not in page and "ban tổ chức A" not in page and "Thư mời B" not in page


def test_the_install_administrator_sees_every_message_and_filters_them(client, db, make_event, make_guest,
                                                                       make_organiser, make_user, login):
    a, b, event_a, event_b, _, ids = _two_organisers(db, make_event, make_guest, make_organiser)
    _fail(db, ids["b"])
    login(make_user("admin"))
    page = client.get("/admin/outbox").get_data(as_text=True)
    assert all(s in page for s in ("Thư mời A", "Thư mời B", "ban tổ chức A"))
    failed = client.get("/admin/outbox?status=failed").get_data(as_text=True)
    assert "Thư mời B" in failed and "550 hộp thư không tồn tại" in failed and "Thư mời A" not in failed
    staff = client.get("/admin/outbox?kind=staff.invitation").get_data(as_text=True)
    assert "ban tổ chức A" in staff and "Thư mời A" not in staff
    # An unknown status is no filter, not an error.
    assert client.get("/admin/outbox?status=xyz&page=-3").status_code == 200


def test_resend_queues_a_new_copy_and_the_dashboard_warns_of_failures(client, db, make_event, make_guest,
                                                                      make_organiser, make_user, login):
    a, b, event_a, event_b, _, ids = _two_organisers(db, make_event, make_guest, make_organiser)
    _fail(db, ids["a"])
    login(make_user("admin", organiser=a))
    dashboard = client.get("/admin/").get_data(as_text=True)
    assert "1 thư gửi không được" in dashboard and f"/admin/outbox?event={event_a.id}&amp;status=failed" in dashboard
    token = csrf_token(client, "/admin/outbox")
    response = client.post(f"/admin/messages/{ids['a']}/resend",
                           data={"csrf_token": token, "next": "/admin/outbox?status=failed"})
    assert response.status_code == 302 and response.headers["Location"] == "/admin/outbox?status=failed"
    rows = db.session.execute(db.select(Message).where(Message.to_address == "khach-a@example.org")
                              .order_by(Message.id)).scalars().all()
    assert [(m.status, m.subject, m.guest_id) for m in rows] == [
        ("failed", "Thư mời A", rows[0].guest_id), ("sent", "Thư mời A", rows[0].guest_id)]
    assert "Đã xếp thư gửi lại tới khach-a@example.org" in client.get("/admin/outbox").get_data(as_text=True)
    # The original stays failed (the warning stays too): what happened is not rewritten.
    assert "1 thư gửi không được" in client.get("/admin/").get_data(as_text=True)
    # A redirect elsewhere is refused: back to the list.
    response = client.post(f"/admin/messages/{ids['a']}/resend", data={"csrf_token": token, "next": "//evil.example"})
    assert response.headers["Location"] == "/admin/outbox"


def test_a_queued_message_cannot_be_resent(client, db, make_event, make_user, login, monkeypatch):
    monkeypatch.setattr("eventapp.messages.queue.enqueue_delivery", lambda app, ids: None)
    event = make_event()
    message = queue_message("an@example.org", "Xác nhận", "Kính gửi", kind="guest.confirmation", event=event)
    db.session.commit()
    login(make_user("admin"))
    response = client.post(f"/admin/messages/{message.id}/resend",
                           data={"csrf_token": csrf_token(client, "/admin/outbox")}, follow_redirects=True)
    assert "đang chờ gửi" in response.get_data(as_text=True)
    assert db.session.execute(db.select(db.func.count()).select_from(Message)).scalar_one() == 1


def test_the_guest_page_lists_the_guests_messages_with_resend(client, db, make_event, make_guest, make_organiser,
                                                              make_user, login):
    a, b, event_a, event_b, guest_a, ids = _two_organisers(db, make_event, make_guest, make_organiser)
    _fail(db, ids["a"])
    login(make_user("admin", organiser=a))
    page = client.get(f"/admin/e/{event_a.slug}/guests/{guest_a.id}").get_data(as_text=True)
    assert "Thư mời A" in page and "Gửi không được" in page and "550 hộp thư không tồn tại" in page
    assert f"/admin/messages/{ids['a']}/resend" in page
    response = client.post(f"/admin/messages/{ids['a']}/resend", data={
        "csrf_token": csrf_token(client, "/admin/outbox"),
        "next": f"/admin/e/{event_a.slug}/guests/{guest_a.id}"}, follow_redirects=True)
    assert response.get_data(as_text=True).count("Thư mời A") >= 2
