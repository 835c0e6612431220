"""Pure date arithmetic of pooled resources: how many units are in use, day by day.

No Django import. A booking holds `quantity` units on every day from `start` to `end`, both
included: a booking of the 3rd to the 5th and another of the 5th to the 7th share the 5th, one
ending on the 4th and one starting on the 5th do not. The peak over a range is the largest use of
any one day of it (a sweep over the booking edges), never the sum of the bookings that touch it:
two bookings that do not overlap each other use the resource on different days.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

ONE_DAY = timedelta(days=1)


class ResourceError(Exception):
    """A change refused as a whole; the message is French and shown to the user."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class Span:
    """`quantity` units held from `start` to `end`, both days included."""

    start: date
    end: date
    quantity: int


@dataclass(frozen=True)
class Stretch:
    """Days from `start` to `end` (included) on which exactly `used` units are held."""

    start: date
    end: date
    used: int


def _clipped(spans: Iterable[Span], start: date, end: date) -> Iterator[Span]:
    for span in spans:
        if span.end >= start and span.start <= end and span.quantity > 0:
            yield Span(max(span.start, start), min(span.end, end), span.quantity)


def stretches(spans: Iterable[Span], start: date, end: date) -> list[Stretch]:
    """The range cut where the use changes, each piece with its use (0 included)."""
    if end < start:
        return []
    changes: dict[date, int] = {}
    for span in _clipped(spans, start, end):
        changes[span.start] = changes.get(span.start, 0) + span.quantity
        if span.end < date.max:  # a span to the last day of the calendar never ends in range
            after = span.end + ONE_DAY
            changes[after] = changes.get(after, 0) - span.quantity
    pieces: list[Stretch] = []
    used = 0
    cursor = start
    for day in sorted(changes):
        if day > end:
            break
        if day > cursor:
            pieces.append(Stretch(cursor, day - ONE_DAY, used))
            cursor = day
        used += changes[day]
    if cursor <= end:
        pieces.append(Stretch(cursor, end, used))
    merged: list[Stretch] = []
    for piece in pieces:
        if merged and merged[-1].used == piece.used:
            merged[-1] = Stretch(merged[-1].start, piece.end, piece.used)
        else:
            merged.append(piece)
    return merged


def peak_use(spans: Iterable[Span], start: date, end: date) -> int:
    """The most units held on any one day from `start` to `end` (0 for an empty range)."""
    return max((piece.used for piece in stretches(spans, start, end)), default=0)


def days_between(start: date, end: date) -> int:
    """Days from `start` to `end`, both included; 0 when `end` is before `start`."""
    return max((end - start).days + 1, 0)


def used_days(spans: Iterable[Span], start: date, end: date) -> tuple[int, int]:
    """(days with at least one unit held, unit-days held) from `start` to `end`."""
    pieces = stretches(spans, start, end)
    days = sum(days_between(p.start, p.end) for p in pieces if p.used)
    unit_days = sum(days_between(p.start, p.end) * p.used for p in pieces)
    return days, unit_days
