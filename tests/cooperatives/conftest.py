"""Fixtures of the registry tests: an organiser with an event, cooperatives, files to import."""
import csv
import io

import pytest


@pytest.fixture
def organiser(make_organiser):
    return make_organiser("Liên minh HTX thành phố Hải Phòng")


@pytest.fixture
def event(make_event, organiser):
    return make_event(organiser=organiser)


@pytest.fixture
def add_coop(db):
    """A cooperative written straight to the database (the services are what the tests judge)."""
    from eventapp.cooperatives.models import Cooperative

    def add(organiser, name="Hợp tác xã Nông nghiệp Tân Dương", **values):
        values.setdefault("district", "Thủy Nguyên")
        coop = Cooperative(organiser_id=organiser.id, name=name, **values)
        coop.refresh_keys()
        db.session.add(coop)
        db.session.commit()
        return coop

    return add


def csv_bytes(rows):
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


def names(organiser):
    from eventapp.cooperatives.queries import all_cooperatives

    return [c.name for c in all_cooperatives(organiser)]
