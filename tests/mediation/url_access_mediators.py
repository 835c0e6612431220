"""Mediators' pages: the public application, the federation's list, page and status changes."""

from __future__ import annotations

from typing import Any

from tests.access import UrlAccess
from tests.mediation.factories_mediators import lamentin, make_mediator

PUBLIC = {"allowed": "anonymous", "public": True}
# The World's EPCI organisation stands for no territory: it reads no mediator either.
NOT_FEDERATION = ("anonymous", "person", "epci", "company", "provider", "auditor", "association")


def an_applicant(world: Any) -> dict[str, Any]:
    return {"pk": make_mediator(status="applicant", served=(lamentin(),)).pk}


def a_move_to_training(world: Any) -> dict[str, Any]:
    return an_applicant(world) | {"status": "in_training"}


CASES = {
    "mediation:mediator_apply": UrlAccess(**PUBLIC),
    "mediation:mediator_apply_done": UrlAccess(**PUBLIC),
    "mediation:mediator_list": UrlAccess(allowed="federation", denied=NOT_FEDERATION),
    "mediation:mediator_detail": UrlAccess(
        allowed="federation", denied=NOT_FEDERATION, kwargs=an_applicant
    ),
    "mediation:mediator_move": UrlAccess(
        allowed="federation", denied=NOT_FEDERATION, kwargs=a_move_to_training
    ),
    "mediation:mediator_funder": UrlAccess(
        allowed="federation",
        denied=NOT_FEDERATION,
        method="post",
        kwargs=an_applicant,
        data=lambda w: {"funder": ""},
        ok_status=(302,),
    ),
}
