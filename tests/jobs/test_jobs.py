"""Long work in the background: the job row, its progress page, one run at a time."""
import io
import json
from datetime import timedelta

import pytest

from eventapp.db import utcnow
from eventapp.jobs import runner, services
from eventapp.jobs.models import Job
from eventapp.registration.models import Guest
from tests.conftest import csrf_token


def _import_csv(client, event, rows):
    path = f"/admin/e/{event.slug}/guests/import"
    text = "Họ và tên,Email,Số điện thoại\n" + "\n".join(rows)
    response = client.post(path, data={"csrf_token": csrf_token(client, path), "category": str(event.categories[0].id),
                                       "file": (io.BytesIO(text.encode()), "khach-moi.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.location


def _confirm(client, preview, send_email=True):
    data = {"csrf_token": csrf_token(client, preview)}
    if send_email:
        data["send_email"] = "y"
    return client.post(preview, data=data)


def test_a_confirmed_import_answers_at_once_and_its_page_follows_the_job(client, db, event, held_queue):
    preview = _import_csv(client, event, [f"Nguyễn Văn Khách {i},khach{i}@example.org," for i in range(30)]
                          + ["Lê Thị Hoa,,0988 777 666"])
    response = _confirm(client, preview)
    assert response.status_code == 303 and "/jobs/" in response.location
    assert db.session.scalar(db.select(db.func.count()).select_from(Guest)) == 0  # nothing written yet
    page = client.get(response.location).get_data(as_text=True)
    assert "Nhập danh sách khách" in page and "Đang chờ bắt đầu" in page and 'id="job-bar"' in page
    state = client.get(response.location + ".json").get_json()
    assert (state["status"], state["done"], state["total"], state["result"]) == ("queued", 0, 31, None)

    [job_id] = held_queue
    assert runner.run(job_id) == "done"
    assert runner.run(job_id) is None  # a second hand-over of the same job does nothing
    state = client.get(response.location + ".json").get_json()
    assert (state["status"], state["percent"]) == ("done", 100)
    assert "Đã nhập 31 khách" in state["result"] and "Đã xếp 30 thư mời" in state["result"]
    assert db.session.scalar(db.select(db.func.count()).select_from(Guest)) == 31
    from eventapp.messages.models import Message
    kinds = db.session.execute(db.select(Message.kind, db.func.count()).group_by(Message.kind)).all()
    assert kinds == [("guest.invited", 30)]


def test_the_same_work_cannot_start_twice_while_it_runs(client, db, event, held_queue):
    first = _confirm(client, _import_csv(client, event, ["Nguyễn Văn An,an@example.org,"]))
    second = _confirm(client, _import_csv(client, event, ["Trần Thị Bình,binh@example.org,"]))
    assert second.status_code == 302 and second.location == first.location  # led to the running one
    page = client.get(second.location).get_data(as_text=True)
    assert "Việc này đang chạy" in page and "Vui lòng chờ việc đó xong rồi chạy lại" in page
    assert db.session.scalar(db.select(db.func.count()).select_from(Job)) == 1
    runner.run(held_queue[0])
    again = _confirm(client, _import_csv(client, event, ["Trần Thị Bình,binh@example.org,"]))
    assert again.status_code == 303 and again.location != first.location  # free again once it ended


def test_the_database_refuses_a_second_running_job_whatever_the_server(db, event, held_queue):
    services.start("guests.remind", event)
    other = Job(kind="guests.remind", event_id=event.id, running_key=services.running_key("guests.remind", event),
                status="queued", params={}, total=0, done=0, error="")
    db.session.add(other)
    with pytest.raises(Exception) as caught:
        db.session.commit()
    assert "unique" in str(caught.value).lower()
    db.session.rollback()


def test_a_job_whose_worker_died_stops_blocking_after_a_while(db, event, held_queue):
    stuck = services.start("guests.remind", event)
    stuck.status, stuck.heartbeat_at = "running", utcnow() - services.STALE_AFTER - timedelta(seconds=1)
    db.session.commit()
    fresh = services.start("guests.remind", event)
    db.session.refresh(stuck)
    assert (stuck.status, stuck.running_key) == ("failed", None) and "dừng giữa chừng" in stuck.error
    assert fresh.status == "queued"


def test_a_running_job_with_a_live_heartbeat_is_not_taken_for_dead(db, event, held_queue):
    running = services.start("guests.remind", event)
    running.status, running.heartbeat_at = "running", utcnow() - timedelta(minutes=2)
    db.session.commit()
    with pytest.raises(services.JobRunning):
        services.start("guests.remind", event)


def test_an_import_that_became_wrong_fails_with_its_rows_and_writes_nothing(client, db, event, make_guest):
    preview = _import_csv(client, event, ["Nguyễn Văn An,an@example.org,", "Trần Thị Bình,binh@example.org,"])
    make_guest(event, "Trần Bình", email="binh@example.org")  # registered between preview and confirmation
    response = _confirm(client, preview)
    page = client.get(response.location).get_data(as_text=True)
    assert "Không thành công" in page and "Đã có khách: Trần Bình" in page and "Tải tệp lên lại" in page
    assert [g.full_name for g in db.session.execute(db.select(Guest)).scalars()] == ["Trần Bình"]


def test_progress_moves_and_a_crash_ends_the_job_with_a_plain_message(db, event, held_queue, monkeypatch):
    job = services.start("guests.remind", event, total=10)
    seen = []

    def boom(job, progress):
        progress(4, phase="mailing")
        seen.append(db.session.get(Job, job.id, populate_existing=True).done)
        raise RuntimeError("disk full")

    from eventapp.jobs import kinds
    monkeypatch.setitem(kinds.KINDS, "guests.remind", kinds.Kind("x", boom, "registration.admin_guests"))
    assert runner.run(job.id) == "failed"
    db.session.refresh(job)
    assert seen == [4] and job.running_key is None and job.finished_at is not None
    assert "Đã có lỗi khi thực hiện việc này" in job.error and "disk full" not in job.error


def test_a_mailing_to_the_filtered_list_skips_who_must_not_get_it(client, db, event, make_guest):
    delegates, coops = event.categories
    make_guest(event, "Nguyễn Văn An", category=delegates, email="an@example.org")
    make_guest(event, "Lê Thị Bình", category=delegates, email="binh@example.org", mail_opt_out_at=utcnow())
    make_guest(event, "Phạm Văn Cường", category=delegates, email="cuong@example.org", status="cancelled")
    make_guest(event, "Đỗ Thị Dung", category=delegates, email=None, phone="+84988777666")
    make_guest(event, "Hoàng Văn Em", category=coops, email="em@example.org")
    page = f"/admin/e/{event.slug}/guests?category={delegates.id}"
    assert "Gửi lại thư cho các khách trong danh sách này" in client.get(page).get_data(as_text=True)
    response = client.post(f"/admin/e/{event.slug}/guests/remind",
                           data={"csrf_token": csrf_token(client, page), "category": str(delegates.id)})
    assert response.status_code == 303
    assert "Đã xếp 1 thư vào hàng đợi gửi" in client.get(response.location).get_data(as_text=True)
    from eventapp.messages.models import Message
    sent = db.session.execute(db.select(Message.to_address, Message.kind)).all()
    assert sent == [("an@example.org", "guest.reminder")]


def test_a_mailing_that_would_reach_nobody_is_refused_before_it_starts(client, db, event, make_guest):
    make_guest(event, "Đỗ Thị Dung", email=None, phone="+84988777666")
    page = f"/admin/e/{event.slug}/guests"
    response = client.post(f"/admin/e/{event.slug}/guests/remind", data={"csrf_token": csrf_token(client, page)},
                           follow_redirects=True)
    assert "không có thư nào để gửi" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(Job)) == 0


def test_a_large_badge_run_is_drawn_in_the_background_and_downloaded(client, db, event, make_guest, monkeypatch):
    monkeypatch.setattr("eventapp.badges.bulk.BACKGROUND_OVER", 2)
    for name in ("Nguyễn Văn An", "Lê Thị Bình", "Phạm Văn Cường"):
        make_guest(event, name)
    page = f"/admin/e/{event.slug}/badges"
    response = client.post(f"/admin/e/{event.slug}/badges/print",
                           data={"csrf_token": csrf_token(client, page), "layout": "a6"})
    assert response.status_code == 303 and "/jobs/" in response.location
    html = client.get(response.location).get_data(as_text=True)
    assert "Đã tạo tệp PDF gồm 3 thẻ" in html
    download = client.get(response.location + "/file")
    assert download.mimetype == "application/pdf" and download.data.startswith(b"%PDF")
    assert "attachment" in download.headers["Content-Disposition"]
    # The print page offers to draw it again rather than a link that would draw it in the request.
    batch_id = json.loads(json.dumps(db.session.execute(db.select(Job)).scalar_one().params))["batch_id"]
    again = client.get(f"/admin/e/{event.slug}/badges/batches/{batch_id}.pdf")
    assert again.status_code == 302 and again.location.endswith("/file")


def test_another_organisers_job_is_not_found(client, db, event, make_event, make_organiser, held_queue):
    other = make_event(organiser=make_organiser("Liên minh HTX tỉnh Nam Định"))
    job = services.start("guests.remind", other)
    assert client.get(f"/admin/e/{event.slug}/jobs/{job.id}").status_code == 404
    assert client.get(f"/admin/e/{other.slug}/jobs/{job.id}").status_code in (403, 404)
    assert client.get(f"/admin/e/{other.slug}/jobs/{job.id}.json").status_code in (403, 404)


def test_the_jobs_page_lists_the_events_work(client, db, event, held_queue):
    services.start("guests.remind", event, total=4)
    html = client.get(f"/admin/e/{event.slug}/jobs/").get_data(as_text=True)
    assert "Gửi lại thư cho các khách đã lọc" in html and "Đang chờ bắt đầu" in html
