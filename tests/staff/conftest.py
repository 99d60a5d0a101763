"""Fixtures of the staff tests: an organiser with an event and its working admin."""
import pytest


@pytest.fixture
def organiser(make_organiser):
    return make_organiser("Liên minh HTX thành phố Hải Phòng")


@pytest.fixture
def event(make_event, organiser):
    return make_event(slug="ngay-hoi-2026", organiser=organiser)


@pytest.fixture
def boss(make_user, organiser):
    """The organiser's admin for all of its events, who has signed in before."""
    return make_user("admin", email="chutich@lienminh.vn", full_name="Ngô Ngọc Khánh", organiser=organiser)


@pytest.fixture
def in_request(app):
    """A request context: services build the links of their e-mails with url_for."""
    with app.test_request_context():
        yield
