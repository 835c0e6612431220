"""One more match of each kind for the person, and one more on the provider's and the company's
opportunities that the person accepted."""

from __future__ import annotations

from typing import Any

from lakou.matching.models import OpportunityKind
from lakou.matching.services.matches import match_accept
from tests.matching.factories_matches import (
    offer_match,
    person_of,
    profile_of,
    propose,
    training_match,
    workshop_match,
)
from tests.partnerships.factories_offers import make_offer
from tests.training.factories_enrolment import session_with_seats


def grow(world: Any) -> None:
    profile = profile_of(world.users["person"])
    person = person_of(profile)
    training_match(profile)
    accepted = workshop_match(profile)
    match_accept(actor=person, match=accepted)
    offer_match(profile)
    session, _provider = session_with_seats(3, provider=world.actor("provider"))
    incoming = propose(profile, OpportunityKind.TRAINING, session=session)
    match_accept(actor=person, match=incoming)
    offer = propose(profile, OpportunityKind.INTERNSHIP, offer=make_offer(world.actor("company")))
    match_accept(actor=person, match=offer)
