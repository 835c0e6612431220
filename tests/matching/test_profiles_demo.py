"""The demo's orientation profiles: visible and not, every situation, over the island, the three
sources of competences, and the demo learner's verified one."""

from __future__ import annotations

import pytest

from lakou.matching.models import CompetenceSource, Profile, ProfileCompetence, Situation
from tests.demo import SMALL, seed_demo

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_demo_shows_profiles_of_every_kind() -> None:
    seed_demo(SMALL)
    profiles = Profile.objects.all()
    assert profiles.count() >= 40
    assert 0 < Profile.objects.visible().count() < profiles.count()
    assert set(profiles.values_list("situation", flat=True)) == set(Situation.values)
    assert profiles.values("commune").distinct().count() >= 20
    sources = set(ProfileCompetence.objects.values_list("source", flat=True))
    assert sources == set(CompetenceSource.values)
    learner = Profile.objects.get(user__email="apprenante@lakou.test")
    assert learner.is_visible
    assert learner.competences.filter(
        source=CompetenceSource.CERTIFICATE, certificate__isnull=False
    ).exists()
