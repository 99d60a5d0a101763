from eventapp.audit import record


def test_admins_read_the_audit_log(client, db, make_event, make_user, login):
    event = make_event()
    login(make_user("admin", email="bantochuc@example.org"))
    with client.application.test_request_context():
        record("guest.approve", "guest:7", event=event, actor="bantochuc@example.org", lý_do="Đủ điều kiện")
        record("booth.assign", "booth:A01", event=event, actor="bantochuc@example.org")
    db.session.commit()
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "guest.approve" in page and "booth.assign" in page and "Đủ điều kiện" in page
    filtered = client.get("/admin/audit?action=booth").get_data(as_text=True)
    assert "booth.assign" in filtered and "guest.approve" not in filtered


def test_door_staff_cannot_read_it(client, make_user, login):
    login(make_user("door"))
    assert client.get("/admin/audit").status_code == 403
