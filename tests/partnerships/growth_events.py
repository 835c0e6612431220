"""One more of every list item of the contest and hackathon pages, for tests/test_query_counts.py."""

from __future__ import annotations

from itertools import count
from typing import Any

from lakou.partnerships.models import Challenge, Criterion, Event, Juror, Participant, Score
from tests.accounts.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.partnerships.factories_events import make_event, make_submission, make_team

_rounds = count(1)


def grow(world: Any) -> None:
    round_ = next(_rounds)
    federation = world.organisations["federation"]
    # One more public event, organised by the federation, that the person takes part in and the
    # company user judges.
    new = make_event(organiser=federation)
    Participant.objects.create(event=new, user=world.users["person"])
    Juror.objects.create(event=new, user=world.users["company"])
    for event in Event.objects.all():
        partner = OrganisationFactory(company=True)
        Challenge.objects.create(
            event=event,
            partner=partner,
            title=f"Défi {round_}",
            description="Un défi d'un partenaire.",
            prize="Un accompagnement",
        )
        criterion = Criterion.objects.create(
            event=event, name=f"Critère de croissance {round_}", weight=1
        )
        juror_user = UserFactory()
        MembershipFactory(user=juror_user, organisation=OrganisationFactory(company=True))
        juror = Juror.objects.create(event=event, user=juror_user)
        team = make_team(event, members=2, looking_for="Une graphiste")
        submission = make_submission(team)
        Score.objects.create(submission=submission, juror=juror, criterion=criterion, value=5)
