"""The demo's agreements: every state, internships and contracts, the named accounts, signatures
that verify, all through the services."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from lakou.accounts.models import User
from lakou.core.demo import seed_all
from lakou.partnerships.models import (
    PLACEMENT_KINDS,
    Agreement,
    AgreementEvaluation,
    Application,
)
from lakou.partnerships.services.agreements import missing_fields, signature_is_valid
from tests.demo import SMALL, demo_seeded


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with demo_seeded(django_db_blocker, SMALL):
        yield


@pytest.fixture
def seeded(demo: None, db: None) -> None:
    """The seeded demo, seen from a test's own transaction."""


def test_the_demo_has_agreements_in_every_state_of_every_kind(seeded: None) -> None:
    assert set(Agreement.objects.values_list("status", flat=True)) == set(Agreement.Status.values)
    assert set(Agreement.objects.values_list("kind", flat=True)) == set(PLACEMENT_KINDS)
    for agreement in Agreement.objects.exclude(status=Agreement.Status.DRAFT):
        assert missing_fields(agreement) == [], agreement.pk
        assert agreement.application.status == Application.Status.ACCEPTED
    for agreement in Agreement.objects.filter(status__in=("signed", "active", "ended")):
        live = [s for s in agreement.signatures.all() if s.voided_at is None]
        assert len(live) == 3
        assert all(signature_is_valid(s) for s in live)
    voided = Agreement.objects.filter(status="draft", signatures__voided_at__isnull=False)
    assert voided.exists()
    final = AgreementEvaluation.objects.filter(kind="final")
    assert final.exists()
    assert all(e.attendance and e.job_offer for e in final)


def test_the_demo_accounts_see_their_agreements(seeded: None) -> None:
    tutor = User.objects.get(email="tuteur@lakou.test")
    contact = User.objects.get(email="referente@lakou.test")
    assert tutor.memberships.get().organisation.name == "Boulangerie Lakay"
    assert contact.memberships.get().organisation.name == "Kolibri Académie"
    named = Agreement.objects.filter(company__name="Boulangerie Lakay")
    assert named.filter(tutor_email="tuteur@lakou.test").count() >= 7
    learner = Agreement.objects.filter(learner__email="apprenante@lakou.test")
    assert learner.filter(status="ready_to_sign").exists()


def test_seeding_again_adds_nothing(seeded: None) -> None:
    count = Agreement.objects.count()
    seed_all(scale=SMALL, seed=972)
    assert Agreement.objects.count() == count
