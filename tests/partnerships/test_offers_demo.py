"""The demo offers and applications: the three placement kinds and the three job kinds across the
communes, every state, some flagged after 30 days, a job's hire confirmed, each CV a real PDF."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone

from lakou.partnerships.models import JOB_KINDS, Application, Offer, PlacementKind
from lakou.partnerships.services.applications import unanswered_limit
from lakou.skills.models import Occupation
from tests.demo import SMALL, demo_seeded

pytestmark = pytest.mark.xdist_group("seed-demo")


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with demo_seeded(django_db_blocker, SMALL):
        yield


@pytest.fixture
def reference(demo: None, db: None) -> None:
    """The seeded demo, seen from a test's own transaction."""


def test_about_25_placement_offers_and_6_jobs_of_every_kind_across_the_communes(
    reference: None,
) -> None:
    # The agreements seeder posts its own offers, each with its agreement.
    offers = Offer.objects.exclude(applications__agreement__isnull=False).distinct()
    assert 20 <= offers.exclude(kind__in=JOB_KINDS).count() <= 25
    assert offers.filter(kind__in=JOB_KINDS).count() == 6
    assert set(offers.values_list("kind", flat=True)) == set(PlacementKind.values)
    assert offers.values("commune").distinct().count() >= 8
    assert offers.values("company").distinct().count() >= 8
    assert set(offers.values_list("status", flat=True)) == set(Offer.Status.values)
    assert offers.filter(company__memberships__user__email="entreprise@lakou.test").exists()
    assert "Stage développeur web" in set(offers.values_list("title", flat=True))


def test_offer_occupations_are_rome_fiches_of_the_skills_data(reference: None) -> None:
    codes = set(
        Offer.objects.exclude(occupation=None).values_list("occupation__code_rome", flat=True)
    )
    assert codes
    assert codes <= set(Occupation.objects.values_list("code_rome", flat=True))


def test_applications_in_every_state_some_flagged(reference: None) -> None:
    applications = Application.objects.all()
    assert set(applications.values_list("status", flat=True)) == set(Application.Status.values)
    limit = unanswered_limit(timezone.localdate())
    old_and_waiting = applications.open().filter(created_at__lt=limit)
    assert old_and_waiting.exists()
    assert not old_and_waiting.filter(flagged_at=None).exists()  # all of them flagged
    assert not applications.open().filter(created_at__gte=limit).exclude(flagged_at=None).exists()
    assert applications.filter(learner__email="apprenante@lakou.test").exists()


def test_a_job_has_its_hire_confirmed_and_no_agreement(reference: None) -> None:
    hired = Application.objects.filter(hire_confirmed_at__isnull=False)
    assert hired.exists()
    assert set(hired.values_list("offer__kind", flat=True)) <= set(JOB_KINDS)
    assert not Application.objects.filter(
        offer__kind__in=JOB_KINDS, agreement__isnull=False
    ).exists()
    assert Offer.objects.filter(kind=PlacementKind.JOB_PERMANENT, duration_weeks=None).exists()


def test_each_demo_cv_is_a_small_pdf(reference: None) -> None:
    application = Application.objects.exclude(cv="").first()
    assert application is not None
    with application.cv.open("rb") as handle:
        content = handle.read()
    assert content.startswith(b"%PDF-")
    assert content.rstrip().endswith(b"%%EOF")
    assert len(content) < 2000
