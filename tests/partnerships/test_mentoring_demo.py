"""The demo mentoring: mentors from demo companies, requests from demo people, pairs with
meetings and one ended pair, the same each time."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import pytest

from lakou.partnerships.demo.mentoring import seed
from lakou.partnerships.models import Meeting, MenteeRequest, MentoringPair, MentorProfile
from tests.demo import SMALL, demo_seeded

pytestmark = pytest.mark.xdist_group("seed-demo")


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with demo_seeded(django_db_blocker, SMALL):
        yield


@pytest.fixture
def seeded(demo: None, db: None) -> None:
    """The seeded demo, seen from a test's own transaction."""


def test_it_seeds_mentors_requests_pairs_and_meetings(seeded: None) -> None:
    assert 15 <= MentorProfile.objects.count() <= 20
    assert MentorProfile.objects.exclude(organisation__kind="company").count() == 0
    assert 30 <= MenteeRequest.objects.count() <= 40
    assert MenteeRequest.objects.filter(learner__memberships__isnull=False).count() == 0
    active = MentoringPair.objects.active()
    assert active.count() >= 8
    assert Meeting.objects.filter(pair__in=active).exists()
    ended = MentoringPair.objects.filter(status=MentoringPair.Status.ENDED).get()
    assert ended.end_reason == MentoringPair.EndReason.NO_TIME
    assert ended.end_note
    # The ended pair's request waits again for another mentor.
    assert ended.mentee.status == MenteeRequest.Status.OPEN


def test_no_mentor_is_over_capacity_and_meetings_follow_the_pair(seeded: None) -> None:
    for profile in MentorProfile.objects.all():
        assert profile.pairs.active().count() <= profile.capacity
    for meeting in Meeting.objects.select_related("pair"):
        assert meeting.held_on >= meeting.pair.started_at.date()


def test_the_demo_accounts_have_their_mentoring(seeded: None) -> None:
    assert MentorProfile.objects.filter(user__email="entreprise@lakou.test").exists()
    assert (
        MentoringPair.objects.active()
        .filter(mentee__learner__email="apprenante@lakou.test")
        .exists()
    )


def test_seeding_again_changes_nothing(seeded: None) -> None:
    before = seed(scale=SMALL, rng=random.Random("again"))
    assert seed(scale=SMALL, rng=random.Random("again")) == before


def _picture() -> list[tuple[str, str, str]]:
    return sorted(
        MentoringPair.objects.values_list("mentor__user__email", "mentee__learner__email", "status")
    )


def test_it_seeds_the_same_pairs_from_the_same_seed(seeded: None) -> None:
    from lakou.accounts.models import User

    before = _picture()
    Meeting.objects.all().delete()
    MentoringPair.objects.all().delete()
    MenteeRequest.objects.all().delete()
    MentorProfile.objects.all().delete()
    User.objects.filter(email__startswith="mentor.").delete()
    seed(scale=SMALL, rng=random.Random("972-lakou.partnerships.demo.mentoring.seed"))
    assert _picture() == before
