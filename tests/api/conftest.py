"""Fixtures of the API contract tests: an event with a gate and a guest, and device keys."""
import pytest

from eventapp.checkin.models import Gate


@pytest.fixture
def door(make_event, make_guest, db):
    """(event, gate, guest): one event, its main gate and one registered guest."""
    event = make_event()
    gate = Gate(event_id=event.id, code="cong-chinh", name="Cổng chính")
    db.session.add(gate)
    db.session.commit()
    return event, gate, make_guest(event, organization="HTX Tân Dương")


@pytest.fixture
def make_key(db):
    """A bearer key of a device; returns the Authorization headers."""
    from eventapp.checkin.keys import create_api_key

    def make(event, role="door", gate=None):
        _, secret = create_api_key(role, event.slug, gate_code=gate, label="Máy quét")
        return {"Authorization": f"Bearer {secret}"}

    return make
