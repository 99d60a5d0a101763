"""One mapping of domain errors: the handler (status by kind, a page or {"error", "field"}), the one
form helper, and the 404 page for a missing event or guest in each feature."""
import pytest
from flask import get_flashed_messages
from wtforms import StringField

from eventapp.access import public
from eventapp.errors import Conflict, DomainError, NotAllowed, NotFound
from eventapp.forms import FlaskForm, report_error

KINDS = [(NotFound, 404), (NotAllowed, 403), (Conflict, 409), (DomainError, 422)]


@pytest.fixture
def raising(app):
    """GET /boom/<kind> and /api/v1/boom/<kind> raise that kind of domain error, naming a field."""
    kinds = {cls.__name__: cls for cls, _ in KINDS}

    @public
    def boom(kind):
        raise kinds[kind]("Quy tắc bị vi phạm.", field="email")

    app.add_url_rule("/boom/<kind>", "boom", boom)
    app.add_url_rule("/api/v1/boom/<kind>", "api_boom", boom)
    return app


@pytest.mark.parametrize("kind, status", KINDS)
def test_a_domain_error_is_a_page_with_the_status_of_its_kind(raising, client, kind, status):
    response = client.get(f"/boom/{kind.__name__}")
    assert response.status_code == status and response.mimetype == "text/html"
    assert "Quy tắc bị vi phạm." in response.get_data(as_text=True)


@pytest.mark.parametrize("kind, status", KINDS)
def test_a_domain_error_is_json_under_the_api(raising, client, kind, status):
    response = client.get(f"/api/v1/boom/{kind.__name__}")
    assert response.status_code == status
    assert response.get_json() == {"error": "Quy tắc bị vi phạm.", "field": "email"}


def test_the_check_in_refusals_keep_their_statuses():
    from eventapp.api.schema import InvalidRequest, NotJson
    from eventapp.checkin.services import NotYours
    from eventapp.jobs.services import JobRunning
    from eventapp.registration.services import DuplicateRegistration

    assert (NotYours.status, InvalidRequest.status, NotJson.status) == (403, 422, 400)
    assert DuplicateRegistration.status == JobRunning.status == 409


class _Form(FlaskForm):
    class Meta:
        csrf = False

    email = StringField("Email")
    full_name = StringField("Họ và tên")


def test_report_error_puts_the_error_on_its_field_else_the_fallback_else_a_flash(app):
    with app.test_request_context("/", method="POST", data={"email": "a@b"}):
        form = _Form()
        form.validate()
        report_error(DomainError("Email đã được dùng.", field="email"), form)
        report_error(DomainError("Không rõ trường.", field="khong-co"), form, fallback="full_name")
        report_error(DomainError("Lỗi chung."), form)
        report_error(Conflict("Không có biểu mẫu."))
        assert form.email.errors == ["Email đã được dùng."]
        assert form.full_name.errors == ["Không rõ trường."]
        assert get_flashed_messages(with_categories=True) == [("error", "Lỗi chung."), ("error", "Không có biểu mẫu.")]


def test_a_form_page_shows_a_service_error_on_its_field(client, make_event, make_user, login):
    """A service's DomainError reaches the form through report_error: the gate form keeps its input."""
    from eventapp.checkin.models import Gate
    from eventapp.extensions import db

    event = make_event()
    db.session.add(Gate(event_id=event.id, code="cong-chinh", name="Cổng chính"))
    db.session.commit()
    login(make_user("admin", event=None))
    client.application.config["WTF_CSRF_ENABLED"] = False
    response = client.post(f"/admin/e/{event.slug}/gates/new", data={"code": "cong-chinh", "name": "Cổng hai",
                                                                     "position": "1"})
    assert response.status_code == 200
    assert "Sự kiện đã có cổng với mã này." in response.get_data(as_text=True)


def _not_found_urls(event, guest):
    slug = event.slug
    return {
        # a missing event, in each feature's pages
        "/e/khong-co/": "Không có sự kiện này.",
        "/admin/e/khong-co/guests": "Không có sự kiện này.",
        "/admin/e/khong-co/gates/": "Không có sự kiện này.",
        "/admin/e/khong-co/badges": "Không có sự kiện này.",
        "/admin/e/khong-co/booths/": "Không có sự kiện này.",
        "/admin/e/khong-co/programme/awards": "Không có sự kiện này.",
        "/admin/e/khong-co/categories/": "Không có sự kiện này.",
        "/admin/e/khong-co/jobs/": "Không có sự kiện này.",
        # a missing guest (or its thing), in each feature
        f"/admin/e/{slug}/guests/999999": "Không tìm thấy khách.",
        "/g/khong-co-token-nay/": "Không tìm thấy đăng ký.",
        "/g/khong-co-token-nay/qr.svg": "Không tìm thấy khách.",
        f"/door/e/{slug}/guests/999999/reprint": "Không tìm thấy khách.",
        f"/door/e/{slug}/cong-sau/": "Không có cổng này.",
        f"/admin/e/{slug}/gates/999999": "Không có cổng này.",
        f"/admin/e/{slug}/badges/batches/999999.pdf": "Không tìm thấy đợt in.",
        f"/admin/e/{slug}/booths/999999": "Không tìm thấy gian hàng.",
        f"/admin/e/{slug}/booths/applications/999999": "Không tìm thấy đơn đăng ký.",
        f"/admin/e/{slug}/programme/awards/999999": "Không tìm thấy hình thức khen thưởng.",
        f"/admin/e/{slug}/categories/999999": "Không tìm thấy thành phần khách.",
        f"/admin/e/{slug}/jobs/999999": "Không tìm thấy việc này.",
        "/admin/cooperatives/999999": "Không tìm thấy hợp tác xã.",
        "/admin/staff/999999": "Không tìm thấy tài khoản.",
    }


def test_a_missing_event_or_guest_is_the_404_page_in_every_feature(client, make_event, make_guest, make_user, login):
    event = make_event()
    guest = make_guest(event)
    login(make_user("admin", event=None))
    for url, message in _not_found_urls(event, guest).items():
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.mimetype == "text/html", url
        text = response.get_data(as_text=True)
        assert "Không tìm thấy" in text, url  # the page's title
        assert message in text, url
