"""Contests and hackathons for tests: an event in a chosen phase, people, teams, projects, jurors."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import count
from typing import Any

from django.utils import timezone

from lakou.accounts.models import Organisation, User
from lakou.core.actor import Actor
from lakou.partnerships.models import (
    Action,
    ActionKind,
    Criterion,
    Event,
    Juror,
    Participant,
    Submission,
    Team,
)
from tests.accounts.factories import MembershipFactory, OrganisationFactory, UserFactory

_numbers = count(1)


def organiser_actor(organisation: Organisation | None = None) -> Actor:
    """A member of an organising organisation (a federation by default)."""
    from lakou.accounts.models import Membership

    organisation = organisation or OrganisationFactory(federation=True)
    user = UserFactory()
    membership = MembershipFactory(user=user, organisation=organisation)
    memberships = tuple(Membership.objects.filter(pk=membership.pk).select_related("organisation"))
    return Actor(user=user, membership=memberships[0], memberships=memberships)


def person_actor(**fields: Any) -> Actor:
    return Actor(user=UserFactory(**fields))


PHASE_OFFSETS = {
    # (registration opens, closes, submission deadline, judging ends), in days from now.
    "upcoming": (2, 10, 20, 30),
    "registration": (-5, 5, 10, 20),
    "submission": (-10, -2, 5, 15),
    "judging": (-20, -10, -2, 5),
    "after_judging": (-30, -20, -10, -2),
}


def make_event(
    *,
    organiser: Organisation | None = None,
    phase: str = "registration",
    capacity: int = 50,
    team_min: int = 1,
    team_max: int = 4,
    prize_places: int = 1,
    kind: str = ActionKind.HACKATHON,
    title: str = "",
    now: datetime | None = None,
) -> Event:
    now = now or timezone.now()
    opens, closes, deadline, judging = (now + timedelta(days=d) for d in PHASE_OFFSETS[phase])
    action = Action.objects.create(
        kind=kind,
        title=title or f"Hackathon n° {next(_numbers)}",
        starts_at=closes,
        ends_at=deadline,
        is_online=True,
    )
    if organiser is not None:
        action.organisers.add(organiser)
    return Event.objects.create(
        action=action,
        registration_opens_at=opens,
        registration_closes_at=closes,
        submission_deadline=deadline,
        judging_ends_at=judging,
        capacity=capacity,
        team_min=team_min,
        team_max=team_max,
        prize_places=prize_places,
    )


def register(event: Event, user: User | None = None, team: Team | None = None) -> Participant:
    user = user or UserFactory()
    return Participant.objects.create(event=event, user=user, team=team)


def make_team(event: Event, *, members: int = 1, name: str = "", looking_for: str = "") -> Team:
    team = Team.objects.create(
        event=event, name=name or f"Équipe {next(_numbers)}", looking_for=looking_for
    )
    for _ in range(members):
        register(event, team=team)
    return team


def make_submission(team: Team, *, submitted_at: datetime | None = None) -> Submission:
    return Submission.objects.create(
        team=team,
        title=f"Projet de {team.name}",
        description="Une application pour prendre rendez-vous à la mairie.",
        submitted_at=submitted_at or team.event.registration_opens_at,
    )


def make_juror(event: Event, organisation: Organisation | None = None) -> Juror:
    user = UserFactory()
    if organisation is not None:
        MembershipFactory(user=user, organisation=organisation)
    return Juror.objects.create(event=event, user=user, organisation=organisation)


def make_criteria(event: Event, *weights: int) -> list[Criterion]:
    return [
        Criterion.objects.create(event=event, name=f"Critère {i}", weight=w)
        for i, w in enumerate(weights or (1,), 1)
    ]


def juror_actor(juror: Juror) -> Actor:
    from lakou.accounts.models import Membership

    memberships = tuple(Membership.objects.filter(user=juror.user).select_related("organisation"))
    return Actor(
        user=juror.user, membership=memberships[0] if memberships else None, memberships=memberships
    )


def move_to(event: Event, phase: str, *, now: datetime | None = None) -> Event:
    """Shift the event's dates so that it is in `phase` now."""
    now = now or timezone.now()
    opens, closes, deadline, judging = (now + timedelta(days=d) for d in PHASE_OFFSETS[phase])
    Event.objects.filter(pk=event.pk).update(
        registration_opens_at=opens,
        registration_closes_at=closes,
        submission_deadline=deadline,
        judging_ends_at=judging,
    )
    event.refresh_from_db()
    return event


def make_agreement(*, company: Organisation, learner: User, status: str = "active") -> Any:
    """A placement agreement hosting `learner` at `company` (an intern or apprentice)."""
    from datetime import date

    from lakou.partnerships.models import Agreement, Application, Offer
    from tests.territory.factories import CommuneFactory

    offer = Offer.objects.create(
        company=company,
        kind="internship",
        title="Stage de développement web",
        description="Développer le site de l'entreprise.",
        commune=CommuneFactory(),
        starts_on=date(2026, 9, 1),
        duration_weeks=8,
        weekly_hours=35,
        status="published",
    )
    application = Application.objects.create(
        offer=offer, learner=learner, message="Motivé.", status="accepted"
    )
    return Agreement.objects.create(
        application=application,
        kind="internship",
        learner=learner,
        company=company,
        starts_on=date(2026, 9, 1),
        ends_on=date(2026, 10, 27),
        status=status,
    )
