"""Mentors, mentee requests and pairs, made through the services (audit and reasons are real)."""

from __future__ import annotations

from typing import Any

from lakou.accounts.models import Membership, User
from lakou.core.actor import Actor
from lakou.partnerships.assignment import slots_mask
from lakou.partnerships.models import MenteeRequest, MentoringPair, MentorProfile
from lakou.partnerships.services.mentoring import (
    MenteeRequestData,
    MentorProfileData,
    mentee_request_save,
    mentor_profile_save,
    pair_create,
)
from lakou.skills.models import Competence, ProficiencyLevel
from lakou.territory.models import Commune
from tests.accounts.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.skills.factories import AreaFactory, CompetenceFactory, FrameworkFactory
from tests.territory.factories import CommuneFactory

FORT_DE_FRANCE = (14.61667, -61.05)
LAMENTIN = (14.61224, -60.99865)


def commune(which: str = "fdf") -> Commune:
    if which == "lamentin":
        place = CommuneFactory(lamentin=True)
        place.centroid_lat, place.centroid_lon = LAMENTIN
    else:
        place = CommuneFactory()
        place.centroid_lat, place.centroid_lon = FORT_DE_FRANCE
    place.save(update_fields=["centroid_lat", "centroid_lon"])
    return place


def level(rank: int) -> ProficiencyLevel:
    framework = FrameworkFactory()
    found, _created = ProficiencyLevel.objects.get_or_create(
        framework=framework,
        rank=rank,
        defaults={"code": str(rank), "name_fr": f"Niveau {rank}"},
    )
    return found


def competence(code: str = "1.1", name: str = "Naviguer, chercher et filtrer") -> Competence:
    return CompetenceFactory(code=code, name_fr=name, area=AreaFactory())


def company_actor(user: User | None = None) -> Actor:
    membership = MembershipFactory(
        user=user or UserFactory(), organisation=OrganisationFactory(company=True)
    )
    return Actor(user=membership.user, membership=membership, memberships=(membership,))


def actor_of(membership: Membership) -> Actor:
    return Actor(user=membership.user, membership=membership, memberships=(membership,))


def make_mentor(
    actor: Actor | None = None,
    *,
    competences: list[tuple[Competence, int]] | None = None,
    capacity: int = 2,
    communes: list[Commune] | None = None,
    accepts_remote: bool = False,
    slots: tuple[str, ...] = ("tue_am", "thu_pm"),
    **fields: Any,
) -> MentorProfile:
    actor = actor or company_actor()
    return mentor_profile_save(
        actor=actor,
        data=MentorProfileData(
            capacity=capacity,
            availability=slots_mask(slots),
            competences=[(c, level(rank)) for c, rank in (competences or [(competence(), 4)])],
            communes=communes if communes is not None else [commune()],
            accepts_remote=accepts_remote,
            **fields,
        ),
    )


def make_request(
    learner: User | None = None,
    *,
    wishes: list[tuple[Competence, int | None]] | None = None,
    place: Commune | None = None,
    accepts_remote: bool = False,
    slots: tuple[str, ...] = ("tue_am",),
    goals: str = "Apprendre à faire mes démarches en ligne.",
) -> MenteeRequest:
    return mentee_request_save(
        actor=Actor(user=learner or UserFactory()),
        data=MenteeRequestData(
            goals=goals,
            commune=place or commune("lamentin"),
            availability=slots_mask(slots),
            wishes=[
                (c, level(rank) if rank else None) for c, rank in (wishes or [(competence(), 2)])
            ],
            accepts_remote=accepts_remote,
        ),
    )


def federation_actor() -> Actor:
    membership = MembershipFactory(organisation=OrganisationFactory(federation=True))
    return actor_of(membership)


def make_pair(
    mentor: MentorProfile | None = None,
    request: MenteeRequest | None = None,
    *,
    federation: Actor | None = None,
) -> MentoringPair:
    return pair_create(
        actor=federation or federation_actor(),
        request=request or make_request(),
        mentor=mentor or make_mentor(),
    )
