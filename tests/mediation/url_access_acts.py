"""Acts pages: the mediator's (the World's association member, made an active mediator), the
coordinators' review and late approval, the Coop export."""

from __future__ import annotations

from typing import Any

from lakou.mediation.models import Mediator
from tests.access import UrlAccess
from tests.mediation.factories_acts import active_mediator, make_act

NOT_MEDIATOR = ("anonymous", "person", "federation", "epci", "company", "provider", "auditor")
NOT_COORDINATOR = ("anonymous", "person", "company", "provider", "auditor", "association")


def world_mediator(world: Any) -> Mediator:
    """Mediators work for associations: the World's association member is one."""
    return active_mediator(world.users["association"])


def as_mediator(world: Any) -> dict[str, Any]:
    world_mediator(world)
    return {}


def own_act(world: Any) -> dict[str, Any]:
    return {"pk": make_act(world_mediator(world)).pk}


def a_late_act(world: Any) -> dict[str, Any]:
    return {"pk": make_act(world_mediator(world), late_days=12).pk}


CASES = {
    "mediation:act_mine": UrlAccess(allowed="association", denied=NOT_MEDIATOR, kwargs=as_mediator),
    "mediation:act_create": UrlAccess(
        allowed="association", denied=NOT_MEDIATOR, kwargs=as_mediator
    ),
    "mediation:act_saved": UrlAccess(allowed="association", denied=NOT_MEDIATOR, kwargs=own_act),
    "mediation:act_edit": UrlAccess(allowed="association", denied=NOT_MEDIATOR, kwargs=own_act),
    # The federation reviews every act: it may withdraw one too.
    "mediation:act_withdraw": UrlAccess(
        allowed="association",
        denied=("anonymous", "person", "epci", "company", "provider", "auditor"),
        kwargs=own_act,
    ),
    "mediation:act_review": UrlAccess(
        allowed="federation", denied=NOT_COORDINATOR, kwargs=as_mediator
    ),
    # The World's EPCI funds no mediator: it reviews none of their acts.
    "mediation:act_late_approve": UrlAccess(
        allowed="federation", denied=(*NOT_COORDINATOR, "epci"), kwargs=a_late_act
    ),
    "mediation:act_export": UrlAccess(
        allowed="association",
        denied=("anonymous", "person", "company", "provider", "auditor"),
        kwargs=as_mediator,
    ),
}
