"""The partnerships API, one router per area, all under /partenariats (mounted by lakou.api)."""

from __future__ import annotations

from ninja import Router

from lakou.partnerships.api import (
    actions,
    agreements,
    applications,
    events,
    mentoring,
    offers,
    resources,
)

ROUTES: list[tuple[str, Router]] = []


ROUTES += [("/partenariats", resources.router)]


ROUTES += [("/partenariats", agreements.router)]


ROUTES += [("/partenariats", mentoring.router)]


ROUTES += [("/partenariats", events.router)]


# offers area
ROUTES += [("/partenariats", offers.router), ("/partenariats", applications.router)]


ROUTES += [("/partenariats", actions.router)]
