"""Workshop pages: public list, page and registration; the seat-freeing link; organisers."""

from __future__ import annotations

from typing import Any

from tests.access import UrlAccess
from tests.mediation.factories_workshops import make_workshop, organiser_actor, register

PUBLIC = {"allowed": "anonymous", "public": True}
NOT_ORGANISER = ("anonymous", "person", "company", "provider", "auditor")


def coming(world: Any) -> dict[str, Any]:
    return {"pk": make_workshop().pk}


def associations(world: Any, **fields: Any) -> Any:
    return make_workshop(organiser_actor(world.organisations["association"]), **fields)


def own_workshop(world: Any) -> dict[str, Any]:
    return {"pk": associations(world).pk}


def own_draft(world: Any) -> dict[str, Any]:
    return {"pk": associations(world, publish=False).pk}


def venue_of_a_workshop(world: Any) -> dict[str, Any]:
    return {"pk": make_workshop().venue.pk}


def a_registration(world: Any) -> dict[str, Any]:
    return {"token": register(make_workshop()).token}


CASES = {
    "mediation:workshop_list": UrlAccess(**PUBLIC),
    "mediation:workshop_detail": UrlAccess(**PUBLIC, kwargs=coming),
    "mediation:registration_cancel": UrlAccess(**PUBLIC, kwargs=a_registration),
    "mediation:workshop_mine": UrlAccess(allowed="association", denied=NOT_ORGANISER),
    "mediation:workshop_create": UrlAccess(allowed="association", denied=NOT_ORGANISER),
    "mediation:workshop_edit": UrlAccess(
        allowed="association", denied=(*NOT_ORGANISER, "epci"), kwargs=own_workshop
    ),
    "mediation:workshop_publish": UrlAccess(
        allowed="association",
        denied=(*NOT_ORGANISER, "epci"),
        method="post",
        kwargs=own_draft,
        ok_status=(302,),
    ),
    "mediation:workshop_cancel": UrlAccess(
        allowed="association", denied=(*NOT_ORGANISER, "epci"), kwargs=own_workshop
    ),
    "mediation:workshop_sign_in_sheet": UrlAccess(
        allowed="association", denied=(*NOT_ORGANISER, "epci"), kwargs=own_workshop
    ),
    "mediation:workshops_commune_ics": UrlAccess(
        **PUBLIC, kwargs=lambda w: {"insee_code": "97209"}
    ),
    "mediation:workshops_venue_ics": UrlAccess(**PUBLIC, kwargs=venue_of_a_workshop),
    "mediation:workshop_roster": UrlAccess(
        allowed="association", denied=(*NOT_ORGANISER, "epci"), kwargs=own_workshop
    ),
}
