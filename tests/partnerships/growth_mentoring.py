"""One more of every list item of the mentoring pages, for tests/test_query_counts.py."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from lakou.core.actor import Actor
from lakou.partnerships.models import MentoringPair, MentorProfile
from lakou.partnerships.services.mentoring import meeting_log
from tests.partnerships.factories_mentoring import (
    actor_of,
    competence,
    make_mentor,
    make_pair,
    make_request,
)


def grow(world: Any) -> None:
    """A new mentor and two waiting requests (one suggested, one without a possible mentor), a
    pair more for the world's company member and one for the world's person, and one more meeting
    in every active pair."""
    skill = competence("2.1", "Interagir par les technologies numériques")
    make_mentor(competences=[(skill, 5)], capacity=1, accepts_remote=True)
    make_request(wishes=[(skill, 3)], accepts_remote=True)
    make_request(wishes=[(skill, 8)])
    company = actor_of(
        world.users["company"].memberships.get(organisation=world.organisations["company"])
    )
    federation = actor_of(
        world.users["federation"].memberships.get(organisation=world.organisations["federation"])
    )
    profile = MentorProfile.objects.of_actor(company).first()
    if profile is None:
        profile = make_mentor(company, capacity=10, accepts_remote=True)
    else:
        MentorProfile.objects.filter(pk=profile.pk).update(capacity=10)
    make_pair(profile, make_request(accepts_remote=True), federation=federation)
    if not MentoringPair.objects.active().filter(mentee__learner=world.users["person"]).exists():
        request = make_request(world.users["person"], accepts_remote=True)
        make_pair(make_mentor(accepts_remote=True), request, federation=federation)
    today = timezone.localdate()
    for pair in MentoringPair.objects.active().select_related("mentee__learner", "mentor"):
        meeting_log(
            actor=Actor(user=pair.mentee.learner), pair=pair, held_on=today, duration_minutes=30
        )
