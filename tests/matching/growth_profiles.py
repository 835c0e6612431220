"""One more competence of each source on the person's profile (the profile page's table): a
self-assessed one, and a certificate that proves another."""

from __future__ import annotations

from typing import Any

from lakou.matching.models import CompetenceSource, Profile, ProfileCompetence
from tests.matching.factories_profiles import certificate_teaching, digcomp, make_profile

CODES = ("1.1", "1.2", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3", "3.4", "4.1", "4.2")


def grow(world: Any) -> None:
    user = world.users["person"]
    profile = Profile.objects.filter(user=user).first() or make_profile(user)
    grown = ProfileCompetence.objects.filter(profile=profile).count()
    free = [code for code in CODES if not profile.competences.filter(competence__code=code)]
    declared, proved = free[0], free[1]
    ProfileCompetence.objects.create(
        profile=profile, competence=digcomp(declared), level=3, source=CompetenceSource.SELF
    )
    certificate_teaching(user, {proved: 4}, title=f"Formation {grown}")
