"""Times follow from the order and durations; the booklet's page order folds into a booklet."""
from datetime import UTC, datetime, timedelta, timezone

from eventapp.programme.render.booklet import booklet_order
from eventapp.programme.schedule import compute_schedule

EIGHT = datetime(2024, 4, 6, 1, 0, tzinfo=UTC)


def hm(moment):
    return moment.astimezone(timezone(timedelta(hours=7))).strftime("%H:%M")


def test_each_item_starts_when_the_previous_one_ends():
    slots = compute_schedule([(10, None), (15, None), (0, None), (45, None)], EIGHT)
    assert [(hm(s.start), hm(s.end)) for s in slots] == [
        ("08:00", "08:10"), ("08:10", "08:25"), ("08:25", "08:25"), ("08:25", "09:10")]
    assert not any(s.pinned or s.overlaps for s in slots)


def test_a_pinned_start_holds_and_the_next_items_follow_it():
    nine = EIGHT + timedelta(hours=1)
    slots = compute_schedule([(10, None), (15, nine), (20, None)], EIGHT)
    assert [hm(s.start) for s in slots] == ["08:00", "09:00", "09:15"]
    assert slots[1].pinned and slots[1].gap_minutes == 50
    assert hm(slots[2].end) == "09:35"


def test_a_pinned_start_before_the_previous_end_is_an_overlap():
    slots = compute_schedule([(30, None), (10, EIGHT + timedelta(minutes=20))], EIGHT)
    assert slots[1].overlaps and slots[1].gap_minutes == -10
    assert hm(slots[1].start) == "08:20"


def test_the_first_item_may_be_pinned_later_than_the_event_start():
    slots = compute_schedule([(10, EIGHT + timedelta(minutes=30)), (10, None)], EIGHT)
    assert [hm(s.start) for s in slots] == ["08:30", "08:40"]
    assert slots[0].gap_minutes == 0  # nothing before it to overlap


def test_booklet_of_four_pages_is_one_sheet():
    assert booklet_order(4) == [(4, 1), (2, 3)]


def test_booklet_of_eight_pages_is_two_sheets_nested():
    assert booklet_order(8) == [(8, 1), (2, 7), (6, 3), (4, 5)]


def test_an_odd_page_count_is_padded_with_blank_pages_to_a_multiple_of_four():
    assert booklet_order(5) == [(None, 1), (2, None), (None, 3), (4, 5)]
    assert booklet_order(7) == [(None, 1), (2, 7), (6, 3), (4, 5)]
    assert booklet_order(1) == [(None, 1), (None, None)]
    assert booklet_order(0) == []


def test_every_page_appears_once_and_each_side_holds_fold_partners():
    for count in range(1, 41):
        sides = booklet_order(count)
        total = len(sides) * 2
        assert total % 4 == 0 and 0 <= total - count < 4
        pages = [p for side in sides for p in side if p is not None]
        assert sorted(pages) == list(range(1, count + 1))
        for left, right in sides:  # once folded, the two pages of one side add up to total + 1
            if left is not None and right is not None:
                assert left + right == total + 1
