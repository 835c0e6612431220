"""One more venue in the list, the export and the API, for tests/test_query_counts.py."""

from __future__ import annotations

from typing import Any

from tests.mediation.factories_venues import make_venue


def grow(world: Any) -> None:
    make_venue()
    make_venue(kind="france_services", name="France Services du Nord")
    make_venue(manager=world.organisations["association"], kind="association")
