"""Bearer tokens for the API: each token acts for one organisation (or the person alone)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from ninja.errors import AuthorizationError
from ninja.security import HttpBearer

from lakou.accounts.models import Membership
from lakou.accounts.services import api_token_authenticate
from lakou.core.actor import Actor

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class TokenAuth(HttpBearer):
    """A personal token. `allowed` limits it to some kinds of organisation: another valid token
    is refused (403) before the body is read. `optional`: without a token, or with an unknown one,
    the caller is anonymous instead of refused."""

    openapi_description = "Jeton personnel créé dans Lakou (Organisations › Jetons d'API)."

    def __init__(
        self,
        *,
        allowed: Callable[[Actor], bool] | None = None,
        refusal: StrOrPromise = "",
        optional: bool = False,
    ) -> None:
        super().__init__()
        self.allowed = allowed
        self.refusal = refusal
        self.optional = optional

    def __call__(self, request: HttpRequest) -> Actor | None:
        actor = super().__call__(request)
        if actor is None:
            return Actor(user=None) if self.optional else None
        if self.allowed is not None and not self.allowed(actor):
            raise AuthorizationError(403, str(self.refusal))
        return actor

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
