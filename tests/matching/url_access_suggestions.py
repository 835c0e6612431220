"""Suggestions for a person, candidates for an employer or a provider, contact through Lakou,
companies likely to hire."""

from __future__ import annotations

from typing import Any

from lakou.matching.models import ContactRequest, Profile
from tests.access import UrlAccess
from tests.matching.factories_suggestions import placement_offer, seeker, training_session

NOT_PERSON = ("anonymous",)
NOT_OWNER = ("anonymous", "person", "other_company", "provider", "auditor", "association")


def world_profile(world: Any) -> Profile:
    found = Profile.objects.filter(user=world.users["person"]).first()
    return found or seeker(world.users["person"])


def interesting_session(world: Any) -> dict[str, Any]:
    world_profile(world)
    return {"kind": "formation", "pk": training_session().pk}


def own_offer(world: Any) -> dict[str, Any]:
    return {"kind": "offre", "pk": placement_offer(world.organisations["company"]).pk}


def own_offer_and_candidate(world: Any) -> dict[str, Any]:
    return {**own_offer(world), "profile_pk": seeker().pk}


def contact_to_person(world: Any) -> dict[str, Any]:
    contact = ContactRequest.objects.create(
        profile=world_profile(world),
        organisation=world.organisations["company"],
        sender=world.users["company"],
        message="Bonjour, notre offre de stage pourrait vous intéresser.",
    )
    return {"pk": contact.pk}


CASES = {
    "matching:suggestions": UrlAccess(allowed="person", denied=NOT_PERSON),
    "matching:suggestion_interest": UrlAccess(
        allowed="person", denied=("anonymous", "company"), kwargs=interesting_session
    ),
    "matching:companies_for_occupation": UrlAccess(allowed="person", denied=NOT_PERSON),
    "matching:opportunities_mine": UrlAccess(
        allowed="company", denied=("anonymous", "person", "auditor", "association")
    ),
    "matching:candidates": UrlAccess(allowed="company", denied=NOT_OWNER, kwargs=own_offer),
    "matching:contact_create": UrlAccess(
        allowed="company", denied=NOT_OWNER, kwargs=own_offer_and_candidate
    ),
    "matching:contacts_sent": UrlAccess(allowed="company", denied=("anonymous", "person")),
    "matching:contact_answer": UrlAccess(
        allowed="person",
        denied=("anonymous", "company", "other_company"),
        kwargs=contact_to_person,
    ),
}
