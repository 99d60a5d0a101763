"""Fixtures of the check-in tests: gates, scanners and badges."""
import pytest

from eventapp.checkin.models import Gate
from eventapp.checkin.services import Scanner


@pytest.fixture
def make_gate(db):
    def make(event, code="cong-chinh", name="Cổng chính", categories=(), **values):
        gate = Gate(event_id=event.id, code=code, name=name, **values)
        gate.categories = list(categories)
        db.session.add(gate)
        db.session.commit()
        return gate

    return make


@pytest.fixture
def door_scanner():
    return Scanner(label="may-quet-1", role="door")


@pytest.fixture
def setup(make_event, make_gate, make_guest):
    """An event with two categories, a main gate (all) and a hall (leaders only), and a guest."""
    event = make_event(categories=("khach", "lanh-dao"))
    main = make_gate(event)
    hall = make_gate(event, code="hoi-truong", name="Hội trường", name_en="Ceremony hall",
                     categories=[event.categories[1]], allow_reentry=False)
    guest = make_guest(event, full_name="Nguyễn Mạnh Cường", organization="HTX Tân Dương")
    return event, main, hall, guest


@pytest.fixture
def make_key(db):
    """A bearer key for a device; returns the Authorization headers."""
    from eventapp.checkin.keys import create_api_key

    def make(event, gate=None, role="door", label="Máy quét"):
        _, secret = create_api_key(role, event.slug, gate_code=getattr(gate, "code", None), label=label)
        return {"Authorization": f"Bearer {secret}"}

    return make
