"""Profiles and matches on each kind of opportunity, built through the services."""

from __future__ import annotations

from typing import Any

from lakou.accounts.models import User
from lakou.core.actor import Actor
from lakou.matching.models import Match, OpportunityKind, Origin, Profile, Situation
from lakou.matching.services.matches import match_propose
from lakou.partnerships.models.placements import is_job_kind
from lakou.territory.models import Commune
from tests.accounts.factories import UserFactory
from tests.mediation.factories_workshops import make_workshop
from tests.partnerships.factories_mentoring import make_mentor
from tests.partnerships.factories_offers import make_offer
from tests.territory.factories import CommuneFactory
from tests.training.factories_enrolment import session_with_seats


def make_profile(
    user: User | None = None, *, commune: Commune | None = None, **fields: Any
) -> Profile:
    user = user or UserFactory(first_name="Léa", last_name="Bellay")
    values: dict[str, Any] = {
        "user": user,
        "commune": commune or CommuneFactory(),
        "situation": Situation.JOB_SEEKER,
    }
    values.update(fields)
    return Profile.objects.create(**values)


def person_of(profile: Profile) -> Actor:
    return Actor(user=profile.user)


def propose(
    profile: Profile, kind: str, *, origin: str = Origin.PERSON, **opportunity: Any
) -> Match:
    return match_propose(
        actor=person_of(profile), profile=profile, kind=kind, origin=origin, **opportunity
    )


def training_match(profile: Profile | None = None, **session_fields: Any) -> tuple[Match, Actor]:
    """A match on a new open session, and a member of its provider."""
    profile = profile or make_profile()
    session, provider = session_with_seats(3, **session_fields)
    return propose(profile, OpportunityKind.TRAINING, session=session), provider


def offer_match(profile: Profile | None = None, **offer_fields: Any) -> Match:
    profile = profile or make_profile()
    offer = make_offer(**offer_fields)
    kind = OpportunityKind.JOB if is_job_kind(offer.kind) else OpportunityKind.INTERNSHIP
    return propose(profile, kind, offer=offer)


def workshop_match(profile: Profile | None = None, **workshop_fields: Any) -> Match:
    profile = profile or make_profile()
    return propose(profile, OpportunityKind.WORKSHOP, workshop=make_workshop(**workshop_fields))


def mentoring_match(profile: Profile | None = None, **mentor_fields: Any) -> Match:
    profile = profile or make_profile()
    return propose(profile, OpportunityKind.MENTORING, mentor=make_mentor(**mentor_fields))


def profile_of(user: User) -> Profile:
    """The user's profile (another area's fixtures may have made it already)."""
    found = Profile.objects.filter(user=user).first()
    return found or make_profile(user)
