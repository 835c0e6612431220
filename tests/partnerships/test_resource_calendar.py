"""The peak use, day by day, on hand-worked cases; both ends of a booking are days it holds."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lakou.partnerships.resource_calendar import (
    Span,
    Stretch,
    days_between,
    peak_use,
    stretches,
    used_days,
)


def d(n: int) -> date:
    """Day n of March 2026."""
    return date(2026, 3, n)


@pytest.mark.parametrize(
    ("spans", "start", "end", "peak"),
    [
        # Nothing booked.
        ([], 1, 31, 0),
        # Two bookings that do not overlap each other both overlap the request: the peak is 2,
        # not their sum of 4.
        ([Span(d(1), d(5), 2), Span(d(10), d(15), 2)], 3, 12, 2),
        # Adjacent ranges (ends the 5th, the next starts the 6th): never the same day.
        ([Span(d(1), d(5), 2), Span(d(6), d(9), 2)], 1, 9, 2),
        # Same day: one ends the 5th, the other starts the 5th: both hold the 5th.
        ([Span(d(1), d(5), 2), Span(d(5), d(9), 1)], 1, 9, 3),
        # The shared day is outside the range asked: it does not count.
        ([Span(d(1), d(5), 2), Span(d(5), d(9), 1)], 6, 9, 1),
        # A request of one day on the last day of a booking.
        ([Span(d(1), d(5), 2)], 5, 5, 2),
        # A request of one day the day after a booking.
        ([Span(d(1), d(5), 2)], 6, 6, 0),
        # Three stacked on the 4th only.
        ([Span(d(1), d(4), 1), Span(d(4), d(8), 1), Span(d(2), d(4), 1)], 1, 10, 3),
        # A booking covering the whole range.
        ([Span(d(1), d(31), 4)], 10, 12, 4),
    ],
)
def test_peak_use(spans: list[Span], start: int, end: int, peak: int) -> None:
    assert peak_use(spans, d(start), d(end)) == peak


def test_stretches_cut_the_range_where_the_use_changes() -> None:
    spans = [Span(d(3), d(5), 1), Span(d(5), d(6), 2)]
    assert stretches(spans, d(1), d(8)) == [
        Stretch(d(1), d(2), 0),
        Stretch(d(3), d(4), 1),
        Stretch(d(5), d(5), 3),
        Stretch(d(6), d(6), 2),
        Stretch(d(7), d(8), 0),
    ]


def test_adjacent_bookings_of_the_same_size_make_one_stretch() -> None:
    spans = [Span(d(1), d(5), 2), Span(d(6), d(9), 2)]
    assert stretches(spans, d(1), d(9)) == [Stretch(d(1), d(9), 2)]


def test_used_days_count_days_and_unit_days_in_the_period() -> None:
    # 1st–5th × 2 clipped to 3rd–5th = 3 days × 2; 10th–12th × 1 = 3 days; a gap between.
    spans = [Span(d(1), d(5), 2), Span(d(10), d(12), 1)]
    assert used_days(spans, d(3), d(12)) == (6, 9)


def test_a_span_to_the_last_day_of_the_calendar_does_not_overflow() -> None:
    assert peak_use([Span(d(1), date.max, 1)], d(1), date.max) == 1


def test_days_between_counts_both_ends() -> None:
    assert days_between(d(1), d(1)) == 1
    assert days_between(d(1), d(31)) == 31
    assert days_between(d(2), d(1)) == 0


spans_strategy = st.lists(
    st.tuples(st.integers(0, 40), st.integers(0, 10), st.integers(1, 4)), max_size=8
)


@given(spans_strategy, st.integers(0, 40), st.integers(0, 15))
def test_peak_is_the_day_by_day_maximum(
    raw: list[tuple[int, int, int]], start: int, length: int
) -> None:
    base = date(2026, 1, 1)
    spans = [Span(base + timedelta(a), base + timedelta(a + n), q) for a, n, q in raw]
    first, last = base + timedelta(start), base + timedelta(start + length)
    naive = max(
        sum(s.quantity for s in spans if s.start <= first + timedelta(i) <= s.end)
        for i in range(length + 1)
    )
    assert peak_use(spans, first, last) == naive
    days, unit_days = used_days(spans, first, last)
    assert unit_days == sum(
        sum(s.quantity for s in spans if s.start <= first + timedelta(i) <= s.end)
        for i in range(length + 1)
    )
    assert days == sum(
        1 for i in range(length + 1) if any(s.start <= first + timedelta(i) <= s.end for s in spans)
    )
