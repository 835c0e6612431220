"""Who may do what in the catalogue: the rules the views, the API and the services share.

A programme or session the actor cannot see (another provider's draft) answers 404 whatever
the action, as a missing id does. 403 is left for someone who is not a provider (or, for the
label, not the federation) on a programme they can see; another provider's programme is a 404.
"""

from __future__ import annotations

from lakou.core.actor import Actor
from lakou.training.models import Programme


def can_publish_programmes(actor: Actor) -> bool:
    """Training providers describe and publish their own programmes and sessions."""
    return actor.is_provider


def can_edit_programme(actor: Actor, programme: Programme) -> bool:
    """Only a member of the provider that owns the programme changes it or its sessions."""
    return actor.is_provider and programme.provider_id == actor.organisation_id


def can_label_programmes(actor: Actor) -> bool:
    """The federation alone grants or refuses its quality label."""
    return actor.is_federation
