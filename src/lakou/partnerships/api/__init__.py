"""The partnerships API, one router per area, all under /partenariats (mounted by lakou.api)."""

from __future__ import annotations

from ninja import Router

from lakou.partnerships.api import actions

ROUTES: list[tuple[str, Router]] = []
ROUTES += [("/partenariats", actions.router)]
