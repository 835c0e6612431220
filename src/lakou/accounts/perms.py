"""Who may do what on accounts and organisations."""

from __future__ import annotations

from lakou.core.actor import Actor


def can_view_members(actor: Actor, organisation_id: int) -> bool:
    """Members of an organisation and federation staff see its members."""
    return actor.is_federation or any(
        m.organisation_id == organisation_id for m in actor.memberships
    )


def can_use_admin(actor: Actor) -> bool:
    """Only federation superusers reach the Django admin."""
    return actor.user is not None and actor.user.is_superuser and actor.is_federation
