"""Fixtures of the badge tests."""
import pytest


@pytest.fixture
def award_for(db):
    """Makes a guest an award recipient of the event."""
    from eventapp.programme.models import AwardCategory, AwardRecipient

    def make(guest):
        category = AwardCategory(event_id=guest.event_id, name=f"Bằng khen {guest.id}")
        category.recipients.append(AwardRecipient(position=1, name=guest.full_name, guest_id=guest.id))
        db.session.add(category)
        db.session.commit()
        return category

    return make


@pytest.fixture
def png_bytes():
    from io import BytesIO

    from PIL import Image

    def make(size=(120, 60), color=(200, 30, 30), fmt="PNG"):
        buffer = BytesIO()
        Image.new("RGB", size, color).save(buffer, format=fmt)
        return buffer.getvalue()

    return make


@pytest.fixture(params=["default", "designed"])
def design(request):
    """The card's layout for a sheet: the built-in one, and a designed one (tests/layouts/designs.py).
    Every test of the printed output runs against both."""
    from tests.layouts.designs import design_for_sheet

    return lambda sheet: design_for_sheet(request.param, sheet)
