import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from eventapp.text import clean, matches, name_sort_key, search_key


def test_search_ignores_diacritics_and_case():
    key = search_key("Nguyễn Mạnh Cường")
    assert matches("nguyen manh cuong", key)
    assert matches("NGUYỄN MẠNH CƯỜNG", key)
    assert matches("cuong", key)
    assert not matches("cuong nguyen hoang", key)


def test_d_with_stroke_matches_d():
    assert search_key("Đặng Hữu Đạo") == "dang huu dao"
    assert matches("dao", search_key("Nguyễn Hữu Đạo"))
    assert matches("ĐẠO", search_key("Nguyen Huu Dao"))


def test_clean_stores_nfc():
    decomposed = unicodedata.normalize("NFD", "Nguyễn Mạnh Cường")
    assert decomposed != "Nguyễn Mạnh Cường"
    assert clean(decomposed) == "Nguyễn Mạnh Cường"
    assert clean("  Lê \t Thị\u200b  An \n") == "Lê Thị An"
    assert clean(None) is None


def test_names_sort_by_given_name_then_family_and_middle():
    names = ["Nguyễn Văn Bình", "Trần Thị An", "Lê Văn Bình", "Hoàng Minh Cường", "Đỗ Anh"]
    ordered = sorted(names, key=name_sort_key)
    assert ordered == ["Trần Thị An", "Đỗ Anh", "Lê Văn Bình", "Nguyễn Văn Bình", "Hoàng Minh Cường"]


def test_vietnamese_alphabet_order():
    # d before đ, a before ă before â, o before ô before ơ, u before ư
    assert sorted(["Đức", "Dũng"], key=name_sort_key) == ["Dũng", "Đức"]
    assert sorted(["Ân", "Ăn", "An"], key=name_sort_key) == ["An", "Ăn", "Ân"]
    assert sorted(["Ưng", "Uyên"], key=name_sort_key) == ["Uyên", "Ưng"]
    # a shorter given name first, and tones only break ties
    assert sorted(["Anh", "An"], key=name_sort_key) == ["An", "Anh"]
    assert sorted(["Cường", "Cương"], key=name_sort_key) == ["Cương", "Cường"]


def test_sort_key_is_digits_only_so_any_collation_agrees():
    assert name_sort_key("Nguyễn Mạnh Cường").isdigit()


@given(st.text())
def test_search_key_has_no_diacritics_and_is_stable(text):
    key = search_key(text)
    assert key == search_key(key)
    assert "đ" not in key
    assert not any(unicodedata.category(ch) == "Mn" for ch in unicodedata.normalize("NFD", key))


@given(st.text())
def test_clean_is_idempotent_and_nfc(text):
    once = clean(text)
    assert clean(once) == once
    assert unicodedata.is_normalized("NFC", once)


@given(st.text(alphabet=st.characters(categories=["L", "Zs"])))
def test_a_name_always_finds_itself_without_its_marks(name):
    assert matches(search_key(name), search_key(name))
    assert matches(name, search_key(unicodedata.normalize("NFD", name)))
