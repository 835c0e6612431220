"""The demo acts: a year of them for the active mediators, leaning to seniors, the workshops'
attendance as collective acts, a few late acts waiting and two overlaps for the review page."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from lakou.mediation.models import Act, MediatorStatus, Registration
from lakou.mediation.services.act_checks import act_problems_many
from tests.demo import SMALL, demo_seeded

pytestmark = pytest.mark.xdist_group("seed-demo")


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with demo_seeded(django_db_blocker, SMALL):
        yield


@pytest.fixture
def seeded(demo: None, db: None) -> None:
    """The seeded demo, seen from a test's own transaction."""


def test_the_demo_has_a_year_of_individual_acts_leaning_old(seeded: None) -> None:
    individual = Act.objects.live().filter(kind="individual", workshop__isnull=True)
    assert individual.count() > 100
    assert not individual.exclude(mediator__status=MediatorStatus.ACTIVE).exists()
    oldest = individual.order_by("starts_at").first()
    assert oldest is not None
    assert oldest.starts_at < timezone.now() - timedelta(days=150)
    assert not individual.filter(starts_at__gt=timezone.now()).exists()
    ages = Counter(individual.values_list("age_band", flat=True))
    assert ages["SoixanteDixPlus"] + ages["SoixanteSoixanteNeuf"] > individual.count() / 2


def test_every_held_workshop_with_attendance_has_its_acts(seeded: None) -> None:
    held = (
        Registration.objects.filter(attended=True, workshop__status="published")
        .values_list("workshop_id", flat=True)
        .distinct()
    )
    with_acts = set(
        Act.objects.live().filter(workshop__isnull=False).values_list("workshop_id", flat=True)
    )
    assert set(held) == with_acts


def test_the_review_page_has_late_acts_waiting_and_overlaps(seeded: None) -> None:
    acts = list(Act.objects.live().select_related("venue"))
    problems = [p for ps in act_problems_many(acts).values() for p in ps]
    assert any(p.startswith("Chevauche") for p in problems)
    assert any(p.startswith("Saisi") for p in problems)
    assert Act.objects.filter(late_approved_at__isnull=False).exists()
    assert sum(p.startswith("Saisi") for p in problems) <= 5
