"""Who sees the exact figures of indicator 2."""

from __future__ import annotations

from lakou.core.actor import Actor


def can_see_exact_outcomes(actor: Actor) -> bool:
    """Federation staff see people counts under 5; everyone else sees them as secret."""
    return actor.is_federation
