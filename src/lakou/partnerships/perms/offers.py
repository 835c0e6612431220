"""Who may do what with an offer: the rules the views, the API and the services share."""

from __future__ import annotations

from lakou.core.actor import Actor
from lakou.partnerships.models import Offer


def can_post_offers(actor: Actor) -> bool:
    """A member acting for a company posts internship and apprenticeship offers."""
    return actor.user is not None and actor.is_company


def can_edit_offer(actor: Actor, offer: Offer) -> bool:
    """A member of the offer's company edits, publishes and closes it."""
    return can_post_offers(actor) and offer.company_id == actor.organisation_id


def can_see_applications(actor: Actor, offer: Offer) -> bool:
    """The company reads the applications to its offers."""
    return can_edit_offer(actor, offer)
