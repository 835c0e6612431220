"""Who sees indicator 4 without statistical secrecy."""

from __future__ import annotations

from lakou.core.actor import Actor


def can_see_exact_indicators(actor: Actor) -> bool:
    """Federation staff see counts under 5; everyone else, the EPCI included, sees them secret."""
    return actor.is_federation
