"""Seats are never overbooked, also when many decisions arrive at once (PostgreSQL only).

SQLite serialises every write, so it cannot show the race; these tests run with
DATABASE_URL=postgres://... and are skipped otherwise.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection

from lakou.core.actor import Actor
from lakou.training.errors import TrainingError
from lakou.training.models import Enrolment, Session
from lakou.training.services.enrolment import enrolment_accept, enrolment_cancel
from tests.concurrency import POSTGRES_ONLY
from tests.concurrency import at_once as threads_at_once
from tests.training.factories_enrolment import enrolment_in, person, session_with_seats

S = Enrolment.Status

pytestmark = [
    pytest.mark.django_db(transaction=True),
    POSTGRES_ONLY,
]


def at_once(jobs: list[Callable[[], object]]) -> list[str]:
    return threads_at_once(jobs, TrainingError)


def loaded(enrolment: Enrolment) -> Enrolment:
    """The enrolment with what the permission check reads, so threads do not share lazy loads."""
    return Enrolment.objects.select_related("session__programme", "learner").get(pk=enrolment.pk)


def ready(actor: Actor) -> Actor:
    assert actor.organisation is not None  # loads the organisation before the threads start
    return actor


def test_twelve_acceptances_at_once_fill_exactly_the_three_seats() -> None:
    assert connection.vendor == "postgresql"
    session, provider = session_with_seats(seats=3)
    provider = ready(provider)
    requests = [loaded(enrolment_in(session, S.REQUESTED)) for _ in range(12)]

    outcomes = at_once(
        [lambda e=e: enrolment_accept(actor=provider, enrolment=e) for e in requests]
    )

    assert outcomes.count("ok") == 3
    refusals = [outcome for outcome in outcomes if outcome != "ok"]
    assert len(refusals) == 9
    assert all(outcome.startswith("La session est complète") for outcome in refusals)
    assert Enrolment.objects.filter(session=session).holding_a_seat().count() == 3
    session.refresh_from_db()
    assert session.status == Session.Status.FULL


def test_cancellations_and_acceptances_at_once_never_exceed_the_seats() -> None:
    session, provider = session_with_seats(seats=2)
    provider = ready(provider)
    learners = [person(), person()]
    seated = [loaded(enrolment_in(session, S.ACCEPTED, learner.user)) for learner in learners]
    for _ in range(3):
        enrolment_in(session, S.WAITLISTED)
    requests = [loaded(enrolment_in(session, S.REQUESTED)) for _ in range(8)]

    jobs: list[Callable[[], object]] = [
        lambda e=e, who=who: enrolment_cancel(actor=who, enrolment=e)
        for e, who in zip(seated, learners, strict=True)
    ]
    jobs += [lambda e=e: enrolment_accept(actor=provider, enrolment=e) for e in requests]
    outcomes = at_once(jobs)

    assert outcomes[:2] == ["ok", "ok"]
    assert Enrolment.objects.filter(session=session).holding_a_seat().count() == 2
    # Each freed seat went either to the first of the waitlist or to one acceptance, never both.
    promoted = Enrolment.objects.filter(
        session=session, status=S.ACCEPTED, waitlisted_at__isnull=False
    ).count()
    assert promoted + outcomes[2:].count("ok") == 2
