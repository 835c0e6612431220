"""One more of everything the suggestions, candidates and contacts pages list: a session, an
offer of the world's company, a visible profile, a message from the company (one to the world's
person, one answered)."""

from __future__ import annotations

from typing import Any

from lakou.matching.models import ContactRequest
from lakou.matching.services.candidates import contact_answer
from tests.matching.factories_profiles import person
from tests.matching.factories_suggestions import placement_offer, seeker, training_session
from tests.matching.url_access_suggestions import world_profile


def grow(world: Any) -> None:
    training_session()
    placement_offer(world.organisations["company"])
    candidate = seeker()
    company, sender = world.organisations["company"], world.users["company"]
    ContactRequest.objects.create(
        profile=world_profile(world), organisation=company, sender=sender, message="Bonjour"
    )
    answered = ContactRequest.objects.create(
        profile=candidate, organisation=company, sender=sender, message="Bonjour"
    )
    contact_answer(actor=person(candidate.user), contact=answered, answer="Bonjour à vous")
