"""Who sees suggestions and candidates.

A person sees their own suggestions (from their own profile). A provider sees candidates for a
session of its own programmes, a company for one of its own offers; anyone else gets a 404. A
contact request is answered only by the person it was sent to; the organisation that wrote it
sees the person's e-mail only once they answer.
"""

from __future__ import annotations

from lakou.core.actor import Actor
from lakou.matching.models import ContactRequest, OpportunityKind, Profile
from lakou.partnerships.models import Offer
from lakou.partnerships.models.placements import PlacementKind
from lakou.training.models import Session

# The candidates page's kind in the URL.
CANDIDATE_KINDS = {"session": OpportunityKind.TRAINING, "offre": "offer"}


def own_profile(actor: Actor) -> Profile | None:
    """The actor's own orientation profile, with what the engine reads."""
    if actor.user is None:
        return None
    return (
        Profile.objects.filter(user_id=actor.user.pk)
        .select_related("commune", "user")
        .defer("commune__boundary")
        .prefetch_related("competences", "target_occupations")
        .first()
    )


def can_see_candidates(actor: Actor) -> bool:
    return actor.organisation_id is not None and (actor.is_provider or actor.is_company)


def owned_opportunity(actor: Actor, kind: str, pk: int) -> tuple[str, Session | Offer] | None:
    """(match kind, object) of a session of the provider's programmes or an offer of the
    company; None for anything else."""
    if actor.organisation_id is None:
        return None
    if kind == "session" and actor.is_provider:
        session = (
            Session.objects.select_related("programme", "commune")
            .defer("commune__boundary")
            .filter(pk=pk, programme__provider_id=actor.organisation_id)
            .first()
        )
        return (OpportunityKind.TRAINING, session) if session else None
    if kind == "offre" and actor.is_company:
        offer = Offer.objects.with_place().filter(pk=pk, company_id=actor.organisation_id).first()
        if offer is None:
            return None
        is_placement = offer.kind in PlacementKind.values
        return (OpportunityKind.INTERNSHIP if is_placement else OpportunityKind.JOB, offer)
    return None


def contact_of_person(actor: Actor, pk: int) -> ContactRequest | None:
    """A message sent to the actor (only them)."""
    if actor.user is None:
        return None
    return (
        ContactRequest.objects.select_related("organisation", "profile")
        .filter(pk=pk, profile__user_id=actor.user.pk)
        .first()
    )


def shows_email(contact: ContactRequest) -> bool:
    """The organisation sees the person's e-mail once the person has answered."""
    return contact.answered_at is not None
