"""The orientation demo (issue 13): matches in every state, successful ones of several kinds over
the year, visible and hidden profiles, a saved plan with a pathway step, and offers naming
competences, so that the demo learner's advice shows what an occupation asks of her."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone

from lakou.matching.models import Match, MatchStatus, OpportunityKind, Profile, SavedPlan
from lakou.matching.services.advice import advice_for
from lakou.partnerships.models import Agreement, Offer
from tests.demo import SMALL, demo_seeded

pytestmark = pytest.mark.xdist_group("seed-demo")

LEARNER_EMAIL = "apprenante@lakou.test"


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with demo_seeded(django_db_blocker, SMALL):
        yield


@pytest.fixture
def seeded(demo: None, db: None) -> None:
    """The seeded demo, seen from a test's own transaction."""


@pytest.mark.parametrize("status", MatchStatus.values)
def test_every_state_shows_for_at_least_two_kinds(seeded: None, status: str) -> None:
    kinds = set(Match.objects.filter(status=status).values_list("kind", flat=True))
    assert len(kinds) >= 2, kinds


def test_successful_matches_of_several_kinds_over_several_quarters(seeded: None) -> None:
    successful = Match.objects.successful()
    kinds = set(successful.values_list("kind", flat=True))
    assert {OpportunityKind.INTERNSHIP, OpportunityKind.JOB, OpportunityKind.MENTORING} <= kinds
    assert len(kinds) >= 3
    quarters = {
        (timezone.localtime(moment).year, (timezone.localtime(moment).month - 1) // 3)
        for moment in successful.exclude(
            kind__in=(OpportunityKind.TRAINING, OpportunityKind.WORKSHOP)
        ).values_list("successful_at", flat=True)
    }
    assert len(quarters) >= 3
    assert not successful.filter(successful_at__gt=timezone.now()).exists()


def test_a_successful_placement_has_its_agreement_begun_and_a_job_its_hire(seeded: None) -> None:
    placements = Match.objects.successful().filter(kind=OpportunityKind.INTERNSHIP)
    for match in placements:
        assert match.application is not None
        agreement = Agreement.objects.get(application=match.application)
        assert agreement.status in (Agreement.Status.ACTIVE, Agreement.Status.ENDED)
        assert match.created_at <= match.successful_at  # type: ignore[operator]
    for match in Match.objects.successful().filter(kind=OpportunityKind.JOB):
        assert match.application is not None
        assert match.application.hire_confirmed_at is not None


def test_profiles_visible_and_hidden(seeded: None) -> None:
    assert Profile.objects.filter(is_visible=True).exists()
    assert Profile.objects.filter(is_visible=False).exists()


def test_the_demo_learner_has_matches_and_a_saved_plan_with_a_step(seeded: None) -> None:
    assert Match.objects.filter(profile__user__email=LEARNER_EMAIL).exists()
    plan = SavedPlan.objects.get(profile__user__email=LEARNER_EMAIL)
    assert plan.steps
    assert plan.shared_with_advisers


def test_published_offers_name_competences_and_the_learner_sees_a_gap(seeded: None) -> None:
    published = Offer.objects.published()
    with_competences = published.filter(competences__isnull=False).distinct()
    assert with_competences.count() >= published.count() * 0.8
    learner = Profile.objects.get(user__email=LEARNER_EMAIL)
    advice = advice_for(learner)
    assert any(item.has_requirements and item.gap for item in advice)
