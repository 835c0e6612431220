"""Flags and applications under concurrent requests (PostgreSQL only): two flag runs at once never
e-mail the same application twice; a double click never makes two live applications.

SQLite serialises every write, so it cannot show the race; these tests are skipped there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.utils import timezone

from lakou.partnerships.models import Application
from lakou.partnerships.services.applications import applications_flag_unanswered
from lakou.partnerships.services.offers import OfferError
from tests.concurrency import POSTGRES_ONLY, results_at_once
from tests.partnerships.factories_offers import (
    application_in,
    apply,
    make_offer,
    person,
    private_media,  # noqa: F401 - a fixture
)

S = Application.Status

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("private_media"),
    POSTGRES_ONLY,
]


def at_once(jobs: list[Callable[[], object]]) -> list[object]:
    return results_at_once(jobs, OfferError)


def test_four_flag_runs_at_once_flag_each_application_once() -> None:
    offer = make_offer()
    old = timezone.now() - dt.timedelta(days=40)
    for _ in range(6):
        application_in(offer, S.NEW, sent=old)

    outcomes = at_once([applications_flag_unanswered for _ in range(4)])

    flagged = sum(outcome.flagged for outcome in outcomes)  # type: ignore[attr-defined]
    assert flagged == 6
    assert Application.objects.filter(flagged_at__isnull=True).count() == 0


def test_a_double_click_makes_one_application() -> None:
    offer = make_offer()
    learner = person()

    outcomes = at_once([lambda: apply(offer, learner) for _ in range(3)])

    assert Application.objects.filter(offer=offer, learner=learner.user).count() == 1
    refusals = [o for o in outcomes if isinstance(o, str)]
    assert refusals == ["Vous avez déjà une candidature en cours pour cette offre."] * 2
