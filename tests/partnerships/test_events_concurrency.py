"""No event over its capacity, no team over its maximum size, also when many requests arrive at
once (PostgreSQL only).

SQLite serialises every write, so it cannot show the race; these tests run with
DATABASE_URL=postgres://... and are skipped otherwise.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection

from lakou.core.actor import Actor
from lakou.partnerships.models import Event, Participant
from lakou.partnerships.services.events import (
    EventError,
    participant_register,
    team_join,
    team_leave,
)
from tests.accounts.factories import UserFactory
from tests.concurrency import POSTGRES_ONLY
from tests.concurrency import at_once as threads_at_once
from tests.partnerships.factories_events import make_event, make_team, register

pytestmark = [
    pytest.mark.django_db(transaction=True),
    POSTGRES_ONLY,
]


def at_once(jobs: list[Callable[[], object]]) -> list[str]:
    return threads_at_once(jobs, EventError)


def loaded(event: Event) -> Event:
    return Event.objects.select_related("action").get(pk=event.pk)


def test_twelve_registrations_at_once_take_exactly_the_five_places() -> None:
    assert connection.vendor == "postgresql"
    event = loaded(make_event(capacity=5))
    people = [Actor(user=UserFactory()) for _ in range(12)]

    outcomes = at_once(
        [lambda who=who: participant_register(actor=who, event=event) for who in people]
    )

    assert outcomes.count("ok") == 5
    refusals = [outcome for outcome in outcomes if outcome != "ok"]
    assert len(refusals) == 7
    assert all(outcome.startswith("L'événement est complet") for outcome in refusals)
    assert Participant.objects.filter(event=event).count() == 5


def test_ten_people_joining_a_team_at_once_never_pass_its_maximum() -> None:
    event = loaded(make_event(team_max=3))
    team = make_team(event, members=1)
    joiners = [Actor(user=register(event).user) for _ in range(10)]

    outcomes = at_once(
        [lambda who=who: team_join(actor=who, event=event, code=team.code) for who in joiners]
    )

    assert outcomes.count("ok") == 2
    assert all("est complète" in outcome for outcome in outcomes if outcome != "ok")
    assert Participant.objects.filter(team=team).count() == 3


def test_leaving_and_joining_at_once_keep_the_team_within_its_size() -> None:
    event = loaded(make_event(team_max=2))
    team = make_team(event, members=2)
    leaver = Actor(user=Participant.objects.filter(team=team).first().user)
    joiners = [Actor(user=register(event).user) for _ in range(6)]

    jobs: list[Callable[[], object]] = [lambda: team_leave(actor=leaver, event=event)]
    jobs += [lambda who=who: team_join(actor=who, event=event, code=team.code) for who in joiners]
    outcomes = at_once(jobs)

    assert outcomes[0] == "ok"
    size = Participant.objects.filter(team=team).count()
    assert size <= 2
    assert size == 1 + outcomes[1:].count("ok")
