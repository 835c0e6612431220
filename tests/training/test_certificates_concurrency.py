"""A double click, or two staff at once, issue one certificate (PostgreSQL only).

SQLite serialises every write, so it cannot show the race; run with DATABASE_URL=postgres://...
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from lakou.training.errors import TrainingError
from lakou.training.models import Certificate, Enrolment, FollowUp
from lakou.training.services.certificates import certificate_issue
from lakou.training.services.keys import signing_key_for
from tests.concurrency import POSTGRES_ONLY
from tests.concurrency import at_once as threads_at_once
from tests.training.factories_certificates import actor_of, completed_enrolment

pytestmark = [
    pytest.mark.django_db(transaction=True),
    POSTGRES_ONLY,
]


def at_once(jobs: list[Callable[[], object]]) -> list[str]:
    return threads_at_once(jobs, TrainingError)


def test_five_issues_at_once_give_one_certificate_and_one_follow_up() -> None:
    enrolment = completed_enrolment()
    enrolment = Enrolment.objects.select_related("learner", "session__programme__provider").get(
        pk=enrolment.pk
    )
    provider = enrolment.session.programme.provider
    signing_key_for(
        provider
    )  # the key exists before the race, as for any provider's second certificate
    actor = actor_of(provider)
    assert actor.organisation is not None

    outcomes = at_once(
        [lambda: certificate_issue(actor=actor, enrolment=enrolment) for _ in range(5)]
    )

    assert outcomes.count("ok") == 1
    assert all("déjà été délivré" in outcome for outcome in outcomes if outcome != "ok")
    assert Certificate.objects.filter(enrolment=enrolment).count() == 1
    assert FollowUp.objects.count() == 1
