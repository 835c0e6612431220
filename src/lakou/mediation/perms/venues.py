"""Who keeps venue records: the federation (all of them), the EPCI, town halls, associations and
companies (the venues their organisation keeps)."""

from __future__ import annotations

from lakou.core.actor import Actor
from lakou.mediation.models import Venue


def can_keep_venues(actor: Actor) -> bool:
    return (
        actor.is_federation
        or actor.is_epci
        or actor.is_town_hall
        or actor.is_association
        or actor.is_company
    )


def can_edit_venue(actor: Actor, venue: Venue) -> bool:
    if actor.is_federation:
        return True
    return (
        can_keep_venues(actor)
        and actor.organisation_id is not None
        and venue.manager_id == actor.organisation_id
    )
