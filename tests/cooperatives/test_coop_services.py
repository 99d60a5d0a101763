"""Creating and editing a cooperative: every rule refused on its field, the unique name and place."""
import json
from datetime import date

import pytest

from eventapp.audit import AuditEntry
from eventapp.cooperatives import services
from eventapp.cooperatives.models import Cooperative
from eventapp.errors import Conflict, NotFound


def good(**values):
    fields = dict(name="Hợp tác xã Nông nghiệp Tân Dương", short_name="HTX Tân Dương", kind="HTX",
                  district="Thủy Nguyên", sector="Nông nghiệp", products="Rau an toàn, gạo",
                  representative="Nguyễn Văn Hải", email="HTX.TanDuong@Example.VN", phone="0912 345 678",
                  member_since="2015", is_priority=True)
    fields.update(values)
    return fields


def count(db):
    return db.session.execute(db.select(db.func.count()).select_from(Cooperative)).scalar_one()


def test_create_normalises_and_audits(db, organiser):
    coop = services.create_cooperative(organiser, **good())
    assert (coop.kind, coop.email, coop.phone, coop.member_since) == (
        "Hợp tác xã", "htx.tanduong@example.vn", "+84912345678", 2015)
    assert coop.is_priority and coop.organiser_id == organiser.id
    assert "tan duong" in coop.search_key and coop.match_key == "htx nong nghiep tan duong|thuy nguyen"
    entry = db.session.execute(db.select(AuditEntry).filter_by(action="cooperative.create")).scalar_one()
    assert entry.organiser_id == organiser.id


@pytest.mark.parametrize("field, value, words", [
    ("name", "   ", "tên hợp tác xã"),
    ("name", "H" * 256, "quá dài"),
    ("short_name", "x" * 121, "quá dài"),
    ("kind", "Công ty cổ phần", "Công ty cổ phần"),
    ("district", "q" * 121, "quá dài"),
    ("products", "p" * 501, "quá dài"),
    ("representative", "r" * 201, "quá dài"),
    ("email", "khong-phai-email", "email"),
    ("phone", "12345", "điện thoại"),
    ("member_since", "1900", "1945"),
    ("member_since", str(date.today().year + 1), "1945"),
    ("member_since", "năm ngoái", "1945"),
    ("member_since", "²⁰¹⁵", "1945"),
])
def test_each_bad_value_is_refused_on_its_field_and_nothing_is_written(db, organiser, field, value, words):
    with pytest.raises(services.InvalidCooperative) as caught:
        services.create_cooperative(organiser, **good(**{field: value}))
    assert [e.field for e in caught.value.errors] == [field]
    assert words.lower() in caught.value.errors[0].message.lower()
    db.session.rollback()
    assert count(db) == 0


def test_every_broken_rule_is_named_at_once(db, organiser):
    with pytest.raises(services.InvalidCooperative) as caught:
        services.create_cooperative(organiser, **good(name="", email="x@", phone="1", member_since="3000"))
    assert {e.field for e in caught.value.errors} == {"name", "email", "phone", "member_since"}


def test_empty_optional_fields_are_fine(db, organiser):
    coop = services.create_cooperative(organiser, name="HTX Vận tải Kiến An")
    assert (coop.kind, coop.district, coop.email, coop.phone, coop.member_since, coop.is_priority) == (
        "Hợp tác xã", "", None, None, None, False)


def test_same_name_and_district_is_a_clear_conflict(db, organiser, make_organiser):
    services.create_cooperative(organiser, **good())
    with pytest.raises(Conflict) as caught:
        services.create_cooperative(organiser, **good(email=""))
    assert caught.value.field == "name"
    assert "Hợp tác xã Nông nghiệp Tân Dương" in caught.value.message and "Thủy Nguyên" in caught.value.message
    assert count(db) == 1
    # The same name elsewhere, or at another organiser, is another cooperative.
    services.create_cooperative(organiser, **good(district="An Dương"))
    services.create_cooperative(make_organiser(), **good())
    assert count(db) == 3


def test_edit_checks_the_same_rules_and_keeps_the_old_values_on_refusal(db, organiser):
    coop = services.create_cooperative(organiser, **good())
    other = services.create_cooperative(organiser, **good(name="HTX Rau an toàn Đông Sơn"))
    with pytest.raises(services.InvalidCooperative) as caught:
        services.update_cooperative(coop, **good(phone="không có"))
    assert caught.value.field == "phone"
    db.session.rollback()
    with pytest.raises(Conflict):
        services.update_cooperative(other, **good())
    db.session.rollback()
    assert db.session.get(Cooperative, other.id).name == "HTX Rau an toàn Đông Sơn"
    services.update_cooperative(coop, **good(kind="Liên hiệp HTX", member_since="", is_priority=False))
    db.session.expire_all()
    coop = db.session.get(Cooperative, coop.id)
    assert (coop.kind, coop.member_since, coop.is_priority) == ("Liên hiệp hợp tác xã", None, False)
    entry = db.session.execute(db.select(AuditEntry).filter_by(action="cooperative.update")).scalar_one()
    assert set(json.loads(entry.details)["fields"]) == {"kind", "member_since", "is_priority"}


def test_possible_duplicates_are_the_same_name_and_district_spelt_otherwise(db, organiser, add_coop):
    first = add_coop(organiser, "HTX nong nghiep Tan Duong", district="thuy nguyen")
    coop = services.create_cooperative(organiser, **good())
    add_coop(organiser, "HTX Nông nghiệp Tân Dương", district="An Dương")
    assert services.possible_duplicates(coop) == [first]


def test_another_organisers_cooperative_is_not_found(db, organiser, make_organiser, add_coop):
    theirs = add_coop(make_organiser())
    with pytest.raises(NotFound):
        services.get_cooperative(organiser, theirs.id)
    with pytest.raises(NotFound):
        services.get_cooperative(organiser, 2**40)
