"""The demo venues: a town hall corner in every commune, EPCI premises, a valid national export."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from lakou.mediation.models import Venue, VenueKind
from lakou.mediation.services.venues import venues_csv
from lakou.territory.models import Commune, Epci
from tests.demo import SMALL, demo_seeded
from tests.mediation.test_venues_export import frictionless_errors

pytestmark = pytest.mark.xdist_group("seed-demo")


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with demo_seeded(django_db_blocker, SMALL):
        yield


@pytest.fixture
def seeded(demo: None, db: None) -> None:
    """The seeded demo, seen from a test's own transaction."""


def test_every_commune_has_its_town_hall_corner_and_each_epci_its_premises(seeded: None) -> None:
    town_halls = Venue.objects.filter(kind=VenueKind.TOWN_HALL)
    assert set(town_halls.values_list("commune__insee_code", flat=True)) == set(
        Commune.objects.values_list("insee_code", flat=True)
    )
    premises = Venue.objects.filter(kind=VenueKind.EPCI)
    assert set(premises.values_list("carrier_number", flat=True)) == set(
        Epci.objects.values_list("siren", flat=True)
    )
    assert Venue.objects.filter(kind=VenueKind.LIBRARY).exists()
    assert Venue.objects.filter(latitude__isnull=False).count() == 0  # not known: left empty


def test_the_demo_export_is_valid_against_the_national_schema(seeded: None, tmp_path: Path) -> None:
    content = venues_csv()
    assert frictionless_errors(content, tmp_path) == []
    assert content.decode().count("\r\n") == Venue.objects.count() + 1
