"""A job's page in a real browser: the bar and the text move, then the result appears, without a reload."""
import pytest
from sqlalchemy import update

from eventapp.extensions import db
from eventapp.jobs import runner
from eventapp.jobs.models import Job
from tests.browser.conftest import login_as, new_phone

pytestmark = pytest.mark.browser


def test_the_job_page_follows_the_worker_without_a_reload(live_server, browser, monkeypatch):
    handed = []  # the worker has not started yet: the job waits, and the test plays the worker
    monkeypatch.setattr("eventapp.messages.queue.enqueue_job", lambda app, job_id: handed.append(job_id))
    page = new_phone(browser)
    try:
        login_as(page, live_server["url"], *live_server["admin"])
        page.wait_for_url(lambda url: "/login" not in url)
        page.goto(f"{live_server['url']}/admin/e/{live_server['slug']}/guests")
        page.click("details.remind summary")
        page.click("details.remind button[type=submit]")
        page.wait_for_url("**/jobs/*")
        assert "Đang chờ bắt đầu" in page.inner_text("#job-text")
        page.evaluate("window.notReloaded = true")
        [job_id] = handed
        app = live_server["app"]
        with app.app_context():
            total = db.session.get(Job, job_id).total
            db.session.execute(update(Job).where(Job.id == job_id).values(status="running", done=total // 2,
                                                                           result={"phase": "mailing"}))
            db.session.commit()
        page.locator("#job-text", has_text="Đang chạy").wait_for()
        assert "đang xếp thư vào hàng đợi gửi" in page.inner_text("#job-text")
        assert page.evaluate("document.getElementById('job-bar').value") == total // 2 * 100 // total
        with app.app_context():
            db.session.execute(update(Job).where(Job.id == job_id).values(status="queued", done=0))
            db.session.commit()
            assert runner.run(job_id) == "done"
        page.wait_for_selector("#job[data-ended=true]")
        assert f"Đã xếp {total} thư vào hàng đợi gửi" in page.inner_text("#job-result").replace(".", "")
        assert page.evaluate("document.getElementById('job-bar').value") == 100
        assert page.evaluate("window.notReloaded === true")
    finally:
        page.context.close()
