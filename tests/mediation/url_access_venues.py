"""Venue pages, their national export and API: open to everyone."""

from __future__ import annotations

from typing import Any

from tests.access import UrlAccess
from tests.mediation.factories_venues import make_venue

PUBLIC = {"allowed": "anonymous", "public": True}


def a_venue(world: Any) -> dict[str, Any]:
    return {"pk": make_venue().pk}


def associations_venue(world: Any) -> dict[str, Any]:
    return {"pk": make_venue(manager=world.organisations["association"]).pk}


NOT_KEEPERS = ("anonymous", "person", "provider", "auditor")


CASES = {
    "mediation:venue_list": UrlAccess(**PUBLIC),
    "mediation:venue_detail": UrlAccess(**PUBLIC, kwargs=a_venue),
    "mediation:venues_csv": UrlAccess(**PUBLIC),
    "mediation:venues_json": UrlAccess(**PUBLIC),
    "api-1.0.0:mediation_venues": UrlAccess(**PUBLIC),
    "mediation:venue_mine": UrlAccess(allowed="association", denied=NOT_KEEPERS),
    "mediation:venue_create": UrlAccess(allowed="association", denied=NOT_KEEPERS),
    "mediation:venue_edit": UrlAccess(
        allowed="association",
        denied=(*NOT_KEEPERS, "company", "epci"),
        kwargs=associations_venue,
    ),
}
