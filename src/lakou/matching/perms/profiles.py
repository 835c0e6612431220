"""Who may do what with an orientation profile: a signed-in person acting for themself builds and
changes their own; nobody else changes it (employers and providers only read visible ones)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lakou.core.actor import Actor
    from lakou.matching.models import Profile


def can_have_profile(actor: Actor) -> bool:
    """A person acting for themself, not for an organisation."""
    return actor.is_person


def can_edit_profile(actor: Actor, profile: Profile) -> bool:
    return can_have_profile(actor) and actor.user is not None and actor.user.pk == profile.user_id
