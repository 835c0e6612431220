"""The demo hackathon and contest: judged through the services, badges verifiable."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from lakou.partnerships.models import (
    Action,
    ActionKind,
    Event,
    Participant,
    Phase,
    Score,
    TeamResult,
)
from lakou.partnerships.services.events import juror_conflicts
from lakou.training.models import Certificate
from lakou.training.services.certificates import certificate_verify
from tests.demo import SMALL, demo_seeded

pytestmark = pytest.mark.xdist_group("seed-demo")


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with demo_seeded(django_db_blocker, SMALL):
        yield


@pytest.fixture
def seeded(demo: None, db: None) -> None:
    """The seeded demo, seen from a test's own transaction."""


def test_the_hackathon_is_judged_and_its_results_published(seeded: None) -> None:
    hackathon = Event.objects.get(action__kind=ActionKind.HACKATHON)

    assert hackathon.phase == Phase.RESULTS
    assert hackathon.teams.count() == 8
    assert hackathon.challenges.exclude(prize="").count() == 3
    assert TeamResult.objects.filter(team__event=hackathon).count() == 8
    assert TeamResult.objects.filter(team__event=hackathon, is_winner=True).count() == 3
    # Its results are its outcome: the action is held, and counts in the partnership indicator.
    assert hackathon.action.status == Action.Status.HELD
    assert (
        hackathon.action.participants
        == Participant.objects.filter(event=hackathon, team__isnull=False).count()
    )
    jurors = list(hackathon.jurors.all())
    assert len(jurors) == 3
    means = [
        sum(Score.objects.filter(juror=j).values_list("value", flat=True))
        / Score.objects.filter(juror=j).count()
        for j in jurors
    ]
    assert means[0] < means[2] < means[1]  # harsh, neutral, lenient


def test_no_juror_scored_a_team_of_their_organisation(seeded: None) -> None:
    hackathon = Event.objects.get(action__kind=ActionKind.HACKATHON)
    conflicted = [
        (juror, team)
        for juror in hackathon.jurors.all()
        for team in hackathon.teams.all()
        if juror_conflicts(juror, team)
    ]

    # The seeder puts one juror's employee in a team; the other seeders (interns, recruiters,
    # mentors) may add more links.
    assert conflicted
    for juror, team in conflicted:
        assert not Score.objects.filter(juror=juror, submission__team=team).exists()


def test_every_hackathon_participant_holds_a_valid_badge(seeded: None) -> None:
    participants = Participant.objects.filter(event__action__kind=ActionKind.HACKATHON)

    assert participants.filter(participation_badge__isnull=True).count() == 0
    assert participants.filter(winner_badge__isnull=False).count() >= 6
    badge = Certificate.objects.get(uid=participants.first().participation_badge)
    assert certificate_verify(badge).state == Certificate.State.VALID


def test_the_contest_is_open_for_registration(seeded: None) -> None:
    contest = Event.objects.get(action__kind=ActionKind.CONTEST)

    assert contest.phase == Phase.REGISTRATION
    assert 5 <= contest.participants.count() < contest.capacity
