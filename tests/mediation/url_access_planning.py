"""The workshop planner's pages: the federation's (an EPCI's staff for their own territory are
tested in test_planning_views; the World's EPCI organisation stands for no territory)."""

from __future__ import annotations

from typing import Any

from tests.access import UrlAccess
from tests.mediation.factories_planning import make_run

NOT_PLANNER = ("anonymous", "person", "epci", "company", "provider", "auditor", "association")


def federation_run(world: Any) -> dict[str, Any]:
    return {"pk": make_run(world.organisations["federation"]).pk}


def federation_proposal(world: Any) -> dict[str, Any]:
    return {"pk": make_run(world.organisations["federation"]).proposals.get().pk}


CASES = {
    "mediation:plan_list": UrlAccess(allowed="federation", denied=NOT_PLANNER),
    "mediation:plan_detail": UrlAccess(
        allowed="federation", denied=NOT_PLANNER, kwargs=federation_run
    ),
    "mediation:plan_proposal_accept": UrlAccess(
        allowed="federation", denied=NOT_PLANNER, kwargs=federation_proposal
    ),
    "mediation:plan_proposal_dismiss": UrlAccess(
        allowed="federation", denied=NOT_PLANNER, kwargs=federation_proposal
    ),
}
