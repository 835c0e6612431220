"""Mentoring pages and API: mentors (company members) and mentees (persons) see their own, the
federation forms the pairs."""

from __future__ import annotations

from typing import Any

from lakou.partnerships.models import MentoringPair
from tests.access import UrlAccess
from tests.partnerships.factories_mentoring import actor_of, make_mentor, make_pair, make_request

NOT_FEDERATION = ("anonymous", "person", "company", "provider", "epci", "auditor", "association")
NOT_MINE = ("anonymous", "federation", "provider", "epci", "auditor", "association")
STRANGERS = ("anonymous", "other_company", "provider", "epci", "auditor", "association")


def _membership(world: Any, name: str) -> Any:
    return world.users[name].memberships.get(organisation=world.organisations[name])


def worlds_pair(world: Any) -> MentoringPair:
    """The world's company member mentors the world's person."""
    mentor = make_mentor(actor_of(_membership(world, "company")), accepts_remote=True)
    request = make_request(world.users["person"], accepts_remote=True)
    return make_pair(mentor, request, federation=actor_of(_membership(world, "federation")))


def pair_pk(world: Any) -> dict[str, Any]:
    return {"pk": worlds_pair(world).pk}


def waiting_request(world: Any) -> dict[str, Any]:
    make_mentor()
    return {"pk": make_request().pk}


def persons_request(world: Any) -> dict[str, Any]:
    make_request(world.users["person"])
    return {}


def suggestion(world: Any) -> dict[str, Any]:
    mentor = make_mentor()
    request = make_request()
    return {"pair": f"{request.pk}-{mentor.pk}", "confirme": "oui"}


def confirmed(world: Any) -> dict[str, Any]:
    return {"confirme": "oui", "reason": "goals_reached", "note": ""}


CASES = {
    "partnerships:mentoring_mine": UrlAccess(allowed="company", denied=NOT_MINE),
    "partnerships:mentoring_mentor_profile": UrlAccess(
        allowed="company", denied=("anonymous", "person", "federation", "provider")
    ),
    "partnerships:mentoring_request": UrlAccess(
        allowed="person", denied=("anonymous", "company", "federation", "provider")
    ),
    "partnerships:mentoring_request_withdraw": UrlAccess(
        allowed="person",
        denied=("anonymous", "company", "federation"),
        method="post",
        kwargs=persons_request,
        data=lambda w: {"confirme": "oui"},
        ok_status=(302,),
    ),
    "partnerships:mentoring_suggestions": UrlAccess(allowed="federation", denied=NOT_FEDERATION),
    "partnerships:mentoring_suggestions_accept": UrlAccess(
        allowed="federation",
        denied=NOT_FEDERATION,
        method="post",
        data=suggestion,
        ok_status=(302,),
    ),
    "partnerships:mentoring_pairs": UrlAccess(allowed="federation", denied=NOT_FEDERATION),
    "partnerships:mentoring_pair_create": UrlAccess(
        allowed="federation", denied=NOT_FEDERATION, kwargs=waiting_request
    ),
    "partnerships:mentoring_pair": UrlAccess(allowed="person", denied=STRANGERS, kwargs=pair_pk),
    "partnerships:mentoring_meeting_log": UrlAccess(
        allowed="company",
        denied=(*STRANGERS, "federation"),
        method="post",
        kwargs=pair_pk,
        data=lambda w: {"held_on": "2026-01-05", "duration_minutes": "60", "note": ""},
        # The pair is formed today: a meeting before it is refused next to the field (400).
        ok_status=(302, 400),
    ),
    "partnerships:mentoring_pair_end": UrlAccess(
        allowed="company",
        denied=STRANGERS,
        method="post",
        kwargs=pair_pk,
        data=confirmed,
        ok_status=(302,),
    ),
    "api-1.0.0:mentoring_suggestions": UrlAccess(allowed="federation", denied=NOT_FEDERATION),
    "api-1.0.0:mentoring_pairs": UrlAccess(allowed="person", denied=("anonymous",)),
    "api-1.0.0:mentoring_pair_create": UrlAccess(
        allowed="federation",
        denied=NOT_FEDERATION,
        method="post",
        data=lambda w: {},
        # The table's client posts a form body: the federation reaches validation (400 or
        # 422); test_mentoring_api.py posts real JSON.
        ok_status=(400, 422),
    ),
    "api-1.0.0:mentoring_meeting_log": UrlAccess(
        allowed="company",
        denied=(*STRANGERS, "federation"),
        method="post",
        kwargs=pair_pk,
        data=lambda w: {},
        ok_status=(400, 422),
    ),
    "api-1.0.0:mentoring_pair_end": UrlAccess(
        allowed="person",
        denied=STRANGERS,
        method="post",
        kwargs=pair_pk,
        data=lambda w: {},
        ok_status=(400, 422),
    ),
    "api-1.0.0:mentoring_mentor_profile": UrlAccess(
        allowed="company",
        denied=("anonymous", "person", "federation", "provider"),
        method="put",
        data=lambda w: {},
        # The table's client sends no JSON: the company reaches validation (400 or 422);
        # test_mentoring_api.py sends real JSON.
        ok_status=(400, 422),
    ),
    "api-1.0.0:mentoring_request": UrlAccess(
        allowed="person",
        denied=("anonymous", "company", "federation", "provider"),
        method="put",
        data=lambda w: {},
        ok_status=(400, 422),
    ),
}
