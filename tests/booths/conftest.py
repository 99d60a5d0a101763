"""Fixtures of the booth tests: a small plan with cooperatives and applications."""
import pytest


@pytest.fixture
def booth_event(make_event):
    return make_event(categories=("khach", "trung-bay"), staff_per_booth=2)


@pytest.fixture
def row_of_booths(db, make_booth):
    """make(event, n, zone=..., y=0, prefix="A"): n booths of 3 x 3 m side by side."""

    def make(event, n, zone="Nông nghiệp", y=0.0, prefix="A", **features):
        return [make_booth(event, f"{prefix}{i + 1:02d}", zone=zone, x=3.0 * i, y=y, width=3, height=3, **features)
                for i in range(n)]

    return make


@pytest.fixture
def make_application(db, make_cooperative):
    """make(event, name, sector=..., wanted=1, status="approved", wishes=[booth or zone], **flags)."""
    from eventapp.booths.models import BoothApplication, BoothPreference

    def make(event, name, sector="Nông nghiệp", wanted=1, status="approved", wishes=(), products="Gạo",
             priority=False, **flags):
        coop = make_cooperative(event, name, sector=sector, products=products, is_priority=priority)
        application = BoothApplication(event_id=event.id, cooperative_id=coop.id, sector=sector, products=products,
                                       booths_wanted=wanted, status=status, **flags)
        for rank, wish in enumerate(wishes, start=1):
            if isinstance(wish, str):
                application.preferences.append(BoothPreference(rank=rank, zone=wish))
            else:
                application.preferences.append(BoothPreference(rank=rank, booth_id=wish.id))
        db.session.add(application)
        db.session.commit()
        return application

    return make


@pytest.fixture
def exhibitor(make_user):
    """make(application) -> a logged-in-able exhibitor user of its cooperative."""

    def make(application, email=None):
        return make_user("exhibitor", email=email or f"htx{application.cooperative_id}@example.org",
                         cooperative=application.cooperative, event=application.event)

    return make


@pytest.fixture
def organiser(make_user, login):
    """An organiser, logged in."""
    return login(make_user("admin"))
