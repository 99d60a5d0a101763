"""match_key: when two spellings name the same cooperative."""
import pytest

from eventapp.cooperatives.matching import match_key


@pytest.mark.parametrize("a, b", [
    (("Hợp tác xã Nông nghiệp Tân Dương", "Thủy Nguyên"), ("HTX nong nghiep Tan Duong", "thuy nguyen")),
    (("HTX Đồng Tâm", "An Dương"), ("Hợp Tác Xã  đồng tâm", "An  Dương")),
    (("Liên hiệp Hợp tác xã Thủy sản", ""), ("Liên hiệp HTX thuy san", "")),
    (("Quỹ tín dụng nhân dân Kiến Thụy", "Kiến Thụy"), ("QTDND Kiến Thụy", "kien thuy")),
    (("HTX Mây tre đan Chính Mỹ", "Thủy Nguyên"), ("HTX Mây tre đan «Chính Mỹ».", "Thủy Nguyên.")),
    (("Tổ hợp tác Rau sạch", "Kiến An"), ("THT rau sach", "KIẾN AN")),
])
def test_spellings_of_one_cooperative_give_one_key(a, b):
    assert match_key(*a) == match_key(*b)


@pytest.mark.parametrize("a, b", [
    (("HTX Nông nghiệp Tân Dương", "Thủy Nguyên"), ("HTX Nông nghiệp Tân Dương", "An Dương")),
    (("HTX Nông nghiệp Tân Dương", "Thủy Nguyên"), ("HTX Thủy sản Tân Dương", "Thủy Nguyên")),
    (("Liên hiệp HTX Thủy sản", ""), ("HTX Thủy sản", "")),
    (("HTX Hòa Bình", ""), ("HTX Hòa Bình 2", "")),
])
def test_different_cooperatives_keep_different_keys(a, b):
    assert match_key(*a) != match_key(*b)


def test_district_is_part_of_the_key_and_may_be_empty():
    assert match_key("HTX An Lão") == match_key("Hợp tác xã An Lão", "")
    assert match_key("HTX An Lão").endswith("|")
