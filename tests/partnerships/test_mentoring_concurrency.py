"""A mentor is never put over capacity, and a request never gets two mentors, also when the
federation's decisions arrive at once (PostgreSQL only: SQLite serialises every write)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from lakou.partnerships.models import MenteeRequest, MentoringPair, MentorProfile
from lakou.partnerships.services.mentoring import MentoringError, pair_create
from tests.concurrency import POSTGRES_ONLY
from tests.concurrency import at_once as threads_at_once
from tests.partnerships.factories_mentoring import federation_actor, make_mentor, make_request

pytestmark = [
    pytest.mark.django_db(transaction=True),
    POSTGRES_ONLY,
]


def at_once(jobs: list[Callable[[], object]]) -> list[str]:
    return threads_at_once(jobs, MentoringError)


def test_eight_pairs_at_once_fill_exactly_the_mentors_two_places() -> None:
    federation = federation_actor()
    assert federation.organisation is not None
    mentor = MentorProfile.objects.get(pk=make_mentor(capacity=2).pk)
    requests = [MenteeRequest.objects.get(pk=make_request().pk) for _ in range(8)]
    outcomes = at_once(
        [lambda r=r: pair_create(actor=federation, request=r, mentor=mentor) for r in requests]
    )
    assert outcomes.count("ok") == 2
    assert all("son maximum" in outcome for outcome in outcomes if outcome != "ok")
    assert MentoringPair.objects.active().filter(mentor=mentor).count() == 2


def test_one_request_offered_to_six_mentors_at_once_gets_one() -> None:
    federation = federation_actor()
    assert federation.organisation is not None
    request = MenteeRequest.objects.get(pk=make_request().pk)
    mentors = [MentorProfile.objects.get(pk=make_mentor().pk) for _ in range(6)]
    outcomes = at_once(
        [lambda m=m: pair_create(actor=federation, request=request, mentor=m) for m in mentors]
    )
    assert outcomes.count("ok") == 1
    assert all("déjà un mentor" in outcome for outcome in outcomes if outcome != "ok")
    assert MentoringPair.objects.filter(mentee=request).count() == 1
