"""Approved bookings never exceed the quantity on any day, also when many decisions arrive at
once (PostgreSQL only).

SQLite serialises every write, so it cannot show the race; these tests run with
DATABASE_URL=postgres://... and are skipped otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import connection

from lakou.core.actor import Actor
from lakou.partnerships.models import Booking
from lakou.partnerships.resource_calendar import ResourceError, Span, peak_use
from lakou.partnerships.services.resources import booking_approve, booking_request
from tests.concurrency import POSTGRES_ONLY
from tests.concurrency import at_once as threads_at_once
from tests.partnerships.factories_resources import booked, day, make_resource, member, owner_of

S = Booking.Status

pytestmark = [
    pytest.mark.django_db(transaction=True),
    POSTGRES_ONLY,
]


def at_once(jobs: list[Callable[[], object]]) -> list[str]:
    return threads_at_once(jobs, ResourceError)


def loaded(booking: Booking) -> Booking:
    """The booking with what the permission check reads, so threads do not share lazy loads."""
    return Booking.objects.select_related("resource__owner", "booker").get(pk=booking.pk)


def ready(actor: Actor) -> Actor:
    assert actor.organisation is not None  # loads the organisation before the threads start
    return actor


def peak_approved(resource_pk: int, first: int, last: int) -> int:
    spans = [
        Span(b.starts_on, b.ends_on, b.quantity)
        for b in Booking.objects.filter(resource_id=resource_pk).holding()
    ]
    return peak_use(spans, day(first), day(last))


def test_twelve_approvals_at_once_never_hold_more_than_the_quantity() -> None:
    assert connection.vendor == "postgresql"
    resource = make_resource(quantity=3)
    owner = ready(owner_of(resource))
    # Overlapping requests, each of one unit, on staggered dates around the same days.
    requests = [loaded(booked(resource, 1 + i % 3, 5 + i % 4, 1)) for i in range(12)]

    outcomes = at_once([lambda b=b: booking_approve(actor=owner, booking=b) for b in requests])

    assert outcomes.count("ok") == 3  # every request holds the 3rd: three at most
    assert all("entièrement réservée" in o for o in outcomes if o != "ok")
    assert peak_approved(resource.pk, 0, 10) == 3


def test_requests_with_two_units_and_approvals_at_once_respect_every_day() -> None:
    resource = make_resource(quantity=4)
    owner = ready(owner_of(resource))
    booked(resource, 3, 3, 2, status=S.APPROVED)  # the 3rd has 2 free
    requests = [loaded(booked(resource, 1, 6, 2)) for _ in range(6)]
    requests += [loaded(booked(resource, 7, 8, 1)) for _ in range(6)]

    outcomes = at_once([lambda b=b: booking_approve(actor=owner, booking=b) for b in requests])

    # 1st–6th: the 3rd has 2 units free, so one request of 2 at most.
    assert outcomes[:6].count("ok") == 1
    # 7th–8th: adjacent to the 6th, so all 4 units are free there: four requests of 1.
    assert outcomes[6:].count("ok") == 4
    assert peak_approved(resource.pk, 0, 6) == 4
    assert peak_approved(resource.pk, 7, 8) == 4


def test_requests_at_once_are_all_taken_and_decided_one_by_one() -> None:
    """Requests from many members at once all land (pending ones do not count), and the
    approvals after them still stop at the quantity."""
    resource = make_resource(quantity=2)
    owner = ready(owner_of(resource))
    bookers = [ready(member()) for _ in range(8)]
    start, end = day(2), day(2) + timedelta(days=2)

    outcomes = at_once(
        [
            lambda who=who: booking_request(
                actor=who, resource=resource, starts_on=start, ends_on=end, purpose="Atelier"
            )
            for who in bookers
        ]
    )
    assert outcomes == ["ok"] * 8
    pending = [loaded(b) for b in Booking.objects.filter(resource=resource).pending()]
    decided = at_once([lambda b=b: booking_approve(actor=owner, booking=b) for b in pending])
    assert decided.count("ok") == 2
    assert peak_approved(resource.pk, 0, 10) == 2
