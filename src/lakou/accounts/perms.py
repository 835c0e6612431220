"""Who may do what on accounts and organisations."""

from __future__ import annotations

from django.http import HttpRequest

from lakou.core.actor import Actor


def can_view_members(actor: Actor, organisation_id: int) -> bool:
    """Members of an organisation and federation staff see its members."""
    return actor.is_federation or any(
        m.organisation_id == organisation_id for m in actor.memberships
    )


def can_use_admin(actor: Actor) -> bool:
    """Only federation superusers reach the Django admin (and only after the second factor)."""
    return actor.user is not None and actor.user.is_superuser and actor.is_federation


def passed_second_factor(request: HttpRequest) -> bool:
    """The session's login went through an authenticator code (allauth records each step)."""
    from allauth.account.authentication import get_authentication_records

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    return any(
        record.get("method") == "mfa" for record in get_authentication_records(request, user)
    )
