"""The organisers' search: diacritic-blind, phone in any spelling, Vietnamese name order, paging."""
import unicodedata

from eventapp.registration import queries, services


def _names(page):
    return [g.full_name for g in page.items]


def _add(event, name, email, **values):
    return services.register_guest(event, event.categories[0], full_name=name, email=email, **values)


def test_decomposed_name_is_found_without_diacritics(db, make_event):
    event = make_event()
    _add(event, unicodedata.normalize("NFD", "Nguyễn Mạnh Cường"), "c@example.org", organization="HTX Đồng Bài")
    _add(event, "Nguyễn Mạnh Cương", "c2@example.org")
    for query in ("nguyen manh cuong", "NGUYỄN cường", "cuong nguyen", "dong bai"):
        page = queries.search_guests(event, queries.GuestFilters(q=query))
        assert "Nguyễn Mạnh Cường" in _names(page), query
    stored = queries.search_guests(event, queries.GuestFilters(q="cuong")).items
    assert all(unicodedata.is_normalized("NFC", g.full_name) for g in stored)


def test_phone_search_in_any_spelling(db, make_event):
    event = make_event()
    _add(event, "Lê Văn Nam", "nam@example.org", phone="0912 345 678")
    _add(event, "Lê Văn Bắc", "bac@example.org", phone="0988 777 666")
    for query in ("0912 345 678", "+84912345678", "0912345678", "912.345.678"):
        assert _names(queries.search_guests(event, queries.GuestFilters(q=query))) == ["Lê Văn Nam"], query


def test_list_is_in_vietnamese_name_order_and_paged(db, make_event):
    event = make_event()
    for i, name in enumerate(["Trần Văn Bình", "Nguyễn Thị An", "Lê Đức Anh", "Phạm Minh Đức", "Hoàng Văn Dũng"]):
        _add(event, name, f"k{i}@example.org")
    first = queries.search_guests(event, page=1, per_page=3)
    second = queries.search_guests(event, page=2, per_page=3)
    # By given name (An, Anh, Bình, Dũng, Đức): đ comes after d in the Vietnamese alphabet.
    assert _names(first) + _names(second) == ["Nguyễn Thị An", "Lê Đức Anh", "Trần Văn Bình",
                                              "Hoàng Văn Dũng", "Phạm Minh Đức"]
    assert (first.total, first.pages, first.has_next, second.has_next) == (5, 2, True, False)
    beyond = queries.search_guests(event, page=4, per_page=3)
    assert (beyond.items, beyond.total) == ([], 5)


def test_filters_by_category_status_and_check_in(db, make_event, checked_in):
    event = make_event(categories=("htx", "bao-chi"))
    htx, press = event.categories
    press.requires_approval = True
    db.session.commit()
    a = _add(event, "Trần An", "a@example.org")
    services.register_guest(event, press, full_name="Lê Báo", email="b@example.org")
    checked_in.add(a.id)
    checked = queries.checked_in_ids(event)

    def names(**filters):
        return _names(queries.search_guests(event, queries.GuestFilters(**filters), checked=checked))

    assert names(category_id=press.id) == ["Lê Báo"]
    assert names(status="pending") == ["Lê Báo"]
    assert names(checked_in=True) == ["Trần An"] and names(checked_in=False) == ["Lê Báo"]


def test_search_words_are_not_sql_patterns(db, make_event):
    event = make_event()
    _add(event, "Trần An", "a@example.org")
    assert _names(queries.search_guests(event, queries.GuestFilters(q="%"))) == []
    assert _names(queries.search_guests(event, queries.GuestFilters(q="_"))) == []
