"""The guest desk: reinstating, the attention flag, actions on ticked guests, and the guest page."""
import io
import re
from datetime import timedelta

import pytest

from eventapp.audit import AuditEntry
from eventapp.db import utcnow
from eventapp.errors import Conflict, DomainError
from eventapp.registration import bulk, queries, services
from eventapp.registration.models import Guest
from tests.conftest import csrf_token


def _actions(db, action):
    return db.session.execute(db.select(AuditEntry).filter_by(action=action)).scalars().all()


def _text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


# ----- services ----------------------------------------------------------------------------------
def test_reinstating_gives_the_place_back_or_the_waiting_list(db, make_event):
    event = make_event()
    category = event.categories[0]
    category.capacity = 1
    db.session.commit()
    first = services.register_guest(event, category, full_name="Nguyễn Văn An", email="an@example.org")
    services.cancel_guest(first, by_organiser=True, notify=False)
    token = first.badge_token
    services.reinstate_guest(first, notify=False)
    assert (first.status, first.cancelled_at, first.badge_token) == ("registered", None, token)

    services.cancel_guest(first, by_organiser=True, notify=False)
    services.register_guest(event, category, full_name="Lê Thị Bình", email="binh@example.org")
    services.reinstate_guest(first, notify=False)
    assert first.status == "waiting"  # the place was taken meanwhile
    assert [e.target for e in _actions(db, "guest.reinstate")] == [f"guest:{first.id}"] * 2
    with pytest.raises(Conflict):
        services.reinstate_guest(first)


def test_the_attention_flag_is_set_cleared_and_audited(db, make_event):
    event = make_event()
    guest = services.register_guest(event, event.categories[0], full_name="Ngô Ngọc Khánh", email="k@example.org")
    services.set_needs_attention(guest, True)
    assert db.session.get(Guest, guest.id).needs_attention is True
    services.set_needs_attention(guest, True)  # no change: nothing to audit
    services.set_needs_attention(guest, False)
    assert guest.needs_attention is False
    assert [e.details for e in _actions(db, "guest.attention")] == ['{"name": "Ngô Ngọc Khánh", "value": true}',
                                                                    '{"name": "Ngô Ngọc Khánh", "value": false}']


def test_bulk_actions_change_who_they_may_and_say_who_was_skipped(db, make_event):
    event = make_event(categories=("dai-bieu", "bao-chi"))
    delegates, press = event.categories
    delegates.requires_approval = True
    delegates.capacity = 2
    db.session.commit()
    a = services.register_guest(event, delegates, full_name="Trần An", email="a@example.org")
    b = services.register_guest(event, delegates, full_name="Lê Bình", email="b@example.org")
    services.approve_guest(a, notify=False)

    outcome = bulk.apply_action(event, "approve", queries.selected_guests(event, [a.id, b.id]))
    assert outcome.done == ["Lê Bình"] and outcome.skipped == [("Trần An", "Chỉ duyệt được đăng ký đang chờ duyệt.")]
    assert b.status == "registered"

    outcome = bulk.apply_action(event, "category", queries.selected_guests(event, [a.id, b.id]), press)
    assert sorted(outcome.done) == ["Lê Bình", "Trần An"]
    assert {g.category_id for g in queries.selected_guests(event, [a.id, b.id])} == {press.id}

    outcome = bulk.apply_action(event, "cancel", queries.selected_guests(event, [a.id, b.id]))
    assert len(outcome.done) == 2 and {a.status, b.status} == {"cancelled"}
    assert [e.details.count('"done": 2') for e in _actions(db, "guest.bulk")] == [0, 1, 1]
    assert len(_actions(db, "guest.cancel")) == 2  # each guest audited by the service, as on the guest page

    with pytest.raises(DomainError):
        bulk.apply_action(event, "category", [a], None)


def test_ids_of_another_event_or_too_many_are_not_taken(db, make_event):
    ours, theirs = make_event(), make_event()
    guest = services.register_guest(theirs, theirs.categories[0], full_name="Trần An", email="a@example.org")
    assert queries.selected_guests(ours, [guest.id]) == []
    with pytest.raises(DomainError):
        bulk.parse_ids([])
    with pytest.raises(DomainError):
        bulk.parse_ids([str(i) for i in range(1, bulk.BULK_LIMIT + 2)])
    assert bulk.parse_ids(["3", "x", "3", "-1", str(10**30)]) == [3]


def test_bulk_resend_and_badges_run_as_jobs(db, make_event, outbox):
    from eventapp.jobs import runner
    from eventapp.jobs.models import Job
    from eventapp.messages.models import Message

    event = make_event()
    a = services.register_guest(event, event.categories[0], full_name="Trần An", email="a@example.org")
    b = services.register_guest(event, event.categories[0], full_name="Lê Bình", email="b@example.org")
    c = services.register_guest(event, event.categories[0], full_name="Phạm Cường", email="c@example.org")
    services.cancel_guest(c, notify=False)

    job = bulk.start_resend(event, [a, b, c])
    runner.run(job.id)
    job = db.session.get(Job, job.id)
    assert (job.status, job.result["mailed"]) == ("done", 2)
    sent = db.session.execute(db.select(Message.to_address).filter_by(kind="guest.resend")).scalars().all()
    assert sorted(sent) == ["a@example.org", "b@example.org"]

    job = bulk.start_badges(event, [a, c])
    runner.run(job.id)
    job = db.session.get(Job, job.id)
    assert job.status == "done" and job.file_data.startswith(b"%PDF") and job.result["badges"] == 1
    db.session.expire_all()
    assert a.badge_printed_at is not None and b.badge_printed_at is None
    with pytest.raises(DomainError):
        bulk.start_badges(event, [c])  # a cancelled guest has no badge


# ----- the guest page ----------------------------------------------------------------------------
def _post(client, path, data=None, follow=False):
    return client.post(path, data={"csrf_token": csrf_token(client, "/admin/"), **(data or {})},
                       follow_redirects=follow)


def test_the_guest_page_shows_badge_link_and_check_ins_per_gate(client, db, make_event, admin):
    from eventapp.checkin.models import Admission, Gate

    event = make_event()
    guest = services.register_guest(event, event.categories[0], full_name="Ngô Ngọc Khánh", email="k@example.org")
    main, hall = Gate(event_id=event.id, code="chinh", name="Cổng chính"), Gate(event_id=event.id, code="hoi-truong",
                                                                               name="Hội trường", position=1)
    db.session.add_all([main, hall])
    db.session.flush()
    first = utcnow().replace(microsecond=0) - timedelta(hours=1)
    db.session.add_all([Admission(event_id=event.id, guest_id=guest.id, gate_id=main.id, admitted_at=first),
                        Admission(event_id=event.id, guest_id=guest.id, gate_id=hall.id, entries=2, inside=False,
                                  admitted_at=first + timedelta(minutes=20), changed_at=first + timedelta(minutes=40))])
    db.session.commit()
    page = f"/admin/e/{event.slug}/guests/{guest.id}"
    response = client.get(page)
    html, text = response.get_data(as_text=True), _text(response)
    assert f'src="/g/{guest.private_token}/qr.svg"' in html and f'href="/g/{guest.private_token}/badge.pdf"' in html
    assert f'value="http://localhost/g/{guest.private_token}/"' in html and 'data-copy="private-link"' in html
    assert "js/registration/copy.js" in html and "<script>" not in html  # CSP: no inline script
    local = first.astimezone(event.tz)
    assert f"Cổng chính {local:%H:%M %d/%m/%Y} 1 Đang ở trong" in text
    later = (first + timedelta(minutes=40)).astimezone(event.tz)
    assert f"Hội trường {(first + timedelta(minutes=20)).astimezone(event.tz):%H:%M %d/%m/%Y} 2 Đã ra lúc {later:%H:%M %d/%m/%Y}" in text
    assert "In thẻ" in text and "In lại thẻ" not in text and "Chưa in lần nào" in text

    pdf = _post(client, f"{page}/badge.pdf")
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    assert "In lại thẻ" in _text(client.get(page))

    _post(client, f"{page}/attention", {"needs_attention": "y"})
    db.session.expire_all()
    assert guest.needs_attention and "Cần chú ý (VIP)" in _text(client.get(page))
    _post(client, f"{page}/attention")
    db.session.expire_all()
    assert not guest.needs_attention


def test_a_cancelled_guest_is_reinstated_from_their_page(client, db, make_event, admin, outbox):
    event = make_event()
    guest = services.register_guest(event, event.categories[0], full_name="Đỗ Thu Hà", email="ha@example.org")
    services.cancel_guest(guest, notify=False)
    page = f"/admin/e/{event.slug}/guests/{guest.id}"
    text = _text(client.get(page))
    assert "Khôi phục đăng ký" in text and "Chỉ khách đã đăng ký (đã xác nhận) mới có thẻ." in text
    response = _post(client, f"{page}/reinstate", follow=True)
    assert "Đã khôi phục đăng ký của Đỗ Thu Hà." in _text(response)
    db.session.expire_all()
    assert guest.status == "registered" and outbox()[0]["to"] == "ha@example.org"
    again = _post(client, f"{page}/reinstate", follow=True)  # a second click: a message, not a crash
    assert "Chỉ khôi phục được đăng ký đã huỷ." in _text(again)


# ----- the guest list's bulk actions ------------------------------------------------------------
def test_the_list_offers_bulk_actions_and_confirms_with_the_count(client, db, make_event, admin):
    event = make_event()
    a = services.register_guest(event, event.categories[0], full_name="Trần An", email="a@example.org")
    b = services.register_guest(event, event.categories[0], full_name="Lê Bình", email="b@example.org")
    c = services.register_guest(event, event.categories[0], full_name="Phạm Cường", email="c@example.org")
    html = client.get(f"/admin/e/{event.slug}/guests").get_data(as_text=True)
    assert 'class="wide-page"' in html and html.count('name="guest"') == 3
    for action in ("approve", "resend", "badges", "category", "cancel"):
        assert f'<option value="{action}">' in html

    path = f"/admin/e/{event.slug}/guests/bulk"
    asked = _post(client, path, {"action": "cancel", "guest": [str(a.id), str(b.id)], "status": "registered"})
    assert asked.status_code == 200 and "Huỷ đăng ký của 2 khách?" in _text(asked)
    assert "Trần An" in _text(asked) and "Phạm Cường" not in _text(asked)
    db.session.expire_all()
    assert {a.status, b.status} == {"registered"}  # nothing until confirmed

    done = _post(client, path, {"action": "cancel", "guest": [str(a.id), str(b.id)], "confirm": "y",
                                "status": "registered"})
    assert done.status_code == 302 and done.location.endswith("status=registered")
    assert "Đã huỷ đăng ký của 2 khách." in _text(client.get(done.location))
    db.session.expire_all()
    assert (a.status, b.status, c.status) == ("cancelled", "cancelled", "registered")

    nothing = _post(client, path, {"action": "approve"}, follow=True)
    assert "Vui lòng chọn ít nhất một khách." in _text(nothing)
    unknown = _post(client, path, {"action": "drop-table", "guest": str(c.id)}, follow=True)
    assert "Vui lòng chọn một thao tác." in _text(unknown)


def test_the_confirmation_counts_only_the_guests_the_action_changes(client, db, make_event, admin):
    """Seen: 3 guests ticked, 2 of them cancelled: "Gửi lại đường dẫn riêng cho 3 khách?". The count
    is of those the action changes; the others are named as left alone; none at all changes nothing."""
    event = make_event()
    a = services.register_guest(event, event.categories[0], full_name="Trần An", email="a@example.org")
    b = services.register_guest(event, event.categories[0], full_name="Lê Bình", email="b@example.org")
    c = services.register_guest(event, event.categories[0], full_name="Phạm Cường", email="c@example.org")
    services.cancel_guest(b, by_organiser=True)
    services.cancel_guest(c, by_organiser=True)
    path = f"/admin/e/{event.slug}/guests/bulk"
    ids = [str(a.id), str(b.id), str(c.id)]
    for action, title in (("resend", "Gửi lại đường dẫn riêng cho 1 khách?"), ("badges", "In thẻ của 1 khách?"),
                          ("cancel", "Huỷ đăng ký của 1 khách?")):
        page = _text(_post(client, path, {"action": action, "guest": ids}))
        assert title in page and "Không thay đổi 2 khách đã chọn khác:" in page
        assert "Lê Bình" in page and "Phạm Cường" in page
    nobody = _post(client, path, {"action": "approve", "guest": ids}, follow=True)
    assert "Không khách nào trong số đã chọn thuộc diện thao tác này" in _text(nobody)
    db.session.expire_all()
    assert (a.status, b.status, c.status) == ("registered", "cancelled", "cancelled")


def test_cancelling_from_the_guest_page_asks_first(client, db, make_event, admin):
    """Seen: one click on "Huỷ đăng ký" on the guest page cancelled at once and mailed the guest.
    The button now opens a question (whom, and what follows); only its confirmation cancels."""
    event = make_event()
    guest = services.register_guest(event, event.categories[0], full_name="Nguyễn Hữu Đạo", email="dao@example.org")
    page = client.get(f"/admin/e/{event.slug}/guests/{guest.id}").get_data(as_text=True)
    cancel = f"/admin/e/{event.slug}/guests/{guest.id}/cancel"
    assert f'href="{cancel}"' in page and f'action="{cancel}"' not in page
    asked = client.get(cancel)
    assert asked.status_code == 200 and "Huỷ đăng ký của Nguyễn Hữu Đạo?" in _text(asked)
    assert "Xác nhận huỷ đăng ký" in _text(asked)
    db.session.expire_all()
    assert guest.status == "registered"
    done = _post(client, cancel, follow=True)
    assert "Đã huỷ đăng ký của Nguyễn Hữu Đạo." in _text(done)
    db.session.expire_all()
    assert guest.status == "cancelled"
    again = client.get(cancel, follow_redirects=True)
    assert "Đăng ký này đã được huỷ trước đó." in _text(again)


def test_bulk_change_of_category_and_print_go_through_confirmation(client, db, make_event, admin):
    event = make_event(categories=("dai-bieu", "bao-chi"))
    a = services.register_guest(event, event.categories[0], full_name="Trần An", email="a@example.org")
    path = f"/admin/e/{event.slug}/guests/bulk"
    press = event.categories[1]
    asked = _post(client, path, {"action": "category", "guest": str(a.id), "to_category": str(press.id)})
    assert "Chuyển 1 khách sang thành phần «Hạng bao-chi»?" in _text(asked)
    _post(client, path, {"action": "category", "guest": str(a.id), "to_category": str(press.id), "confirm": "y"})
    db.session.expire_all()
    assert a.category_id == press.id

    started = _post(client, path, {"action": "badges", "guest": str(a.id), "confirm": "y"})
    assert started.status_code == 303 and "/jobs/" in started.location
    page = _text(client.get(started.location))
    assert "In thẻ của các khách đã chọn" in page and "Đã tạo tệp PDF gồm 1 thẻ của các khách đã chọn." in page
    assert client.get(started.location + "/file").data.startswith(b"%PDF")


# ----- import: every error, valid rows only, priority ---------------------------------------------
HEADER = ["Họ và tên", "Email", "Số điện thoại", "Đơn vị công tác", "Ưu tiên"]


def _csv(rows):
    import csv

    out = io.StringIO()
    csv.writer(out).writerows([HEADER, *rows])
    return out.getvalue().encode("utf-8")


def _upload(client, event, data):
    path = f"/admin/e/{event.slug}/guests/import"
    return client.post(path, data={"csrf_token": csrf_token(client, path), "category": str(event.categories[0].id),
                                   "file": (io.BytesIO(data), "khach.csv")}, content_type="multipart/form-data")


def test_import_shows_every_error_of_every_row_with_name_and_contact(db, make_event):
    from eventapp.registration import importing

    event = make_event()
    data = _csv([["Lê Thị Hoa", "hoa@", "abc", "HTX Cát Bà", ""],
                 ["", "", "", "", "có lẽ"],
                 ["Ngô Ngọc Khánh", "khanh@example.org", "", "Liên minh HTX", "x"]])
    preview = importing.build_preview(event, "khach.csv", data, event.categories[0])
    bad, empty, vip = preview.rows
    assert bad.errors == ["Email: Địa chỉ email không hợp lệ.", "Số điện thoại: Số điện thoại không hợp lệ."]
    assert bad.who == "Lê Thị Hoa · hoa@, abc"
    assert len(empty.errors) == 3 and "Ưu tiên" in empty.errors[2]
    assert vip.action == "create" and vip.values["needs_attention"] is True
    with pytest.raises(importing.ImportFailed) as failed:
        importing.confirm_import(event, preview.id)
    assert (2, "Lê Thị Hoa · hoa@, abc", "Số điện thoại: Số điện thoại không hợp lệ.") in failed.value.errors
    created = importing.confirm_import(event, preview.id, send_email=False, valid_only=True)
    assert [(g.full_name, g.needs_attention) for g in created] == [("Ngô Ngọc Khánh", True)]


def test_import_of_the_valid_rows_is_still_all_or_nothing(db, make_event):
    from eventapp.registration import importing

    event = make_event()
    data = _csv([["Trần An", "an@example.org", "", "", ""], ["Lê Bình", "binh@example.org", "", "", ""],
                 ["Sai", "sai@", "", "", ""]])
    preview = importing.build_preview(event, "khach.csv", data, event.categories[0])
    services.register_guest(event, event.categories[0], full_name="Lê Bình", email="binh@example.org")
    with pytest.raises(importing.ImportFailed):
        importing.confirm_import(event, preview.id, valid_only=True)
    assert [g.full_name for g in queries.all_guests(event)] == ["Lê Bình"]  # Trần An was not written either


def test_import_page_offers_the_valid_rows_beside_fixing_the_file(client, db, make_event, admin):
    event = make_event()
    data = _csv([["Lê Thị Hoa", "hoa@", "abc", "", ""], ["Ngô Ngọc Khánh", "khanh@example.org", "", "", "VIP"]])
    preview = _upload(client, event, data).location
    page = client.get(preview)
    text = _text(page)
    assert "Nhập các dòng hợp lệ (1 khách)" in text and "Sửa tệp" in text
    assert "Lê Thị Hoa hoa@ abc" in text and "Địa chỉ email không hợp lệ." in text and "Số điện thoại không hợp lệ." in text
    response = client.post(preview, data={"csrf_token": csrf_token(client, preview), "valid_only": "y"})
    assert response.status_code == 303
    result = _text(client.get(response.location))
    assert "Đã nhập 1 khách." in result and "1 dòng lỗi đã được bỏ qua." in result
    [guest] = queries.all_guests(event)
    assert (guest.full_name, guest.needs_attention, guest.source) == ("Ngô Ngọc Khánh", True, "import")


def test_export_carries_the_priority_column_back_into_an_import(client, db, make_event, admin):
    event = make_event()
    services.register_guest(event, event.categories[0], full_name="Ngô Ngọc Khánh", email="k@example.org",
                            needs_attention=True)
    exported = client.get(f"/admin/e/{event.slug}/guests.csv").data.decode("utf-8-sig")
    header, row = exported.splitlines()[:2]
    assert "Ưu tiên" in header.split(",") and row.split(",")[header.split(",").index("Ưu tiên")] == "x"
