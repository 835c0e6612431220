"""Orientation advice and saved plans: the person for their own advice and plans; federation
staff (and an active mediator, tested in test_advice_views) for the plans people share."""

from __future__ import annotations

from typing import Any

from lakou.matching.models import SavedPlan
from tests.access import UrlAccess
from tests.matching.factories_advice import Scenario

ORGANISATIONS = ("company", "provider", "auditor", "association", "epci")
NOT_PERSON = ("anonymous", *ORGANISATIONS, "federation")
NOT_ADVISER = ("anonymous", "person", *ORGANISATIONS)


def scenario(world: Any) -> Scenario:
    """The World's person with a profile and an occupation with an open session (made once)."""
    if not hasattr(world, "advice_scenario"):
        world.advice_scenario = Scenario(world.users["person"], code="M1899")
    found: Scenario = world.advice_scenario
    return found


def no_kwargs(world: Any) -> dict[str, Any]:
    scenario(world)
    return {}


def occupation(world: Any) -> dict[str, Any]:
    return {"code": scenario(world).occupation.code_rome}


def own_plan(world: Any) -> SavedPlan:
    return scenario(world).save_plan(shared=True)


def plan(world: Any) -> dict[str, Any]:
    return {"pk": own_plan(world).pk}


def plan_step(world: Any) -> dict[str, Any]:
    saved = own_plan(world)
    return {"pk": saved.pk, "session_pk": saved.steps[0]["session"]}


CASES = {
    "matching:advice": UrlAccess(allowed="person", denied=NOT_PERSON, kwargs=no_kwargs),
    "matching:advice_occupation": UrlAccess(allowed="person", denied=NOT_PERSON, kwargs=occupation),
    "matching:plan_save": UrlAccess(
        allowed="person",
        denied=NOT_PERSON,
        method="post",
        kwargs=occupation,
        ok_status=(302,),
    ),
    "matching:plan_mine": UrlAccess(allowed="person", denied=NOT_PERSON, kwargs=no_kwargs),
    "matching:plan_detail": UrlAccess(
        allowed="person", denied=("anonymous", *ORGANISATIONS, "federation"), kwargs=plan
    ),
    "matching:plan_share": UrlAccess(
        allowed="person",
        denied=("anonymous", *ORGANISATIONS, "federation"),
        method="post",
        kwargs=plan,
        data=lambda world: {"shared": "0"},
        ok_status=(302,),
    ),
    "matching:plan_delete": UrlAccess(
        allowed="person", denied=("anonymous", *ORGANISATIONS, "federation"), kwargs=plan
    ),
    "matching:plan_shared": UrlAccess(allowed="federation", denied=NOT_ADVISER),
    "matching:plan_adviser": UrlAccess(allowed="federation", denied=NOT_ADVISER, kwargs=plan),
    "matching:plan_propose": UrlAccess(allowed="federation", denied=NOT_ADVISER, kwargs=plan_step),
}
