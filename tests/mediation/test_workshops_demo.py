"""The demo workshops: a year of them, held, cancelled and coming, with registrations."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone

from lakou.mediation.models import Registration, Workshop
from tests.demo import SMALL, demo_seeded

pytestmark = pytest.mark.xdist_group("seed-demo")


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with demo_seeded(django_db_blocker, SMALL):
        yield


@pytest.fixture
def seeded(demo: None, db: None) -> None:
    """The seeded demo, seen from a test's own transaction."""


def test_the_demo_has_held_cancelled_and_coming_workshops(seeded: None) -> None:
    now = timezone.now()
    assert Workshop.objects.filter(starts_at__lt=now, status=Workshop.Status.PUBLISHED).exists()
    assert Workshop.objects.filter(status=Workshop.Status.CANCELLED).exists()
    assert Workshop.objects.coming(now).exists()
    held = Registration.objects.filter(
        workshop__starts_at__lt=now, status=Registration.Status.CONFIRMED
    )
    assert held.filter(attended=True).exists()
    assert (
        held.filter(attended__isnull=True).count() == 0
        or held.filter(workshop__status=Workshop.Status.CANCELLED).exists()
    )
    assert Registration.objects.exclude(registered_by=None).exists()  # on someone's behalf


def test_no_demo_workshop_has_more_seated_people_than_seats(seeded: None) -> None:
    for workshop in Workshop.objects.with_counts():
        assert workshop.confirmed_count <= workshop.capacity <= workshop.venue.capacity
