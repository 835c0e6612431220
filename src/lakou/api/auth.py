"""Bearer tokens for the API: each token acts for one organisation (or the person alone)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from lakou.accounts.models import Membership
from lakou.accounts.services import api_token_authenticate
from lakou.core.actor import Actor


class TokenAuth(HttpBearer):
    openapi_description = "Jeton personnel créé dans Lakou (Organisations › Jetons d'API)."

    def authenticate(self, request: HttpRequest, token: str) -> Actor | None:
        api_token = api_token_authenticate(token)
        if api_token is None:
            return None
        memberships = tuple(Membership.objects.active().for_user(api_token.user))
        current = next(
            (m for m in memberships if m.organisation_id == api_token.organisation_id), None
        )
        actor = Actor(user=api_token.user, membership=current, memberships=memberships)
        request.actor = actor  # type: ignore[attr-defined]
        request.api_token = api_token  # type: ignore[attr-defined]
        return actor


def request_actor(request: HttpRequest) -> Actor:
    actor: Any = getattr(request, "auth", None)
    assert isinstance(actor, Actor)
    return actor
