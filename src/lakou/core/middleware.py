from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.functional import SimpleLazyObject

from lakou.core.actor import ANONYMOUS, Actor

SESSION_ORGANISATION_KEY = "lakou_organisation_id"


class LoginRequiredByDefaultMiddleware(LoginRequiredMiddleware):
    """Deny by default; the API authenticates with its own tokens and answers 401 itself."""

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponseBase | None:
        if request.path.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


def resolve_actor(request: HttpRequest) -> Actor:
    from lakou.accounts.models import Membership

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    memberships = tuple(Membership.objects.active().for_user(user))
    wanted = request.session.get(SESSION_ORGANISATION_KEY)
    current = next((m for m in memberships if m.organisation_id == wanted), None)
    if current is None and memberships:
        current = memberships[0]
    return Actor(user=user, membership=current, memberships=memberships)


class ActorMiddleware:
    """Sets `request.actor` once per request (user + current organisation + role flags)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.actor = SimpleLazyObject(lambda: resolve_actor(request))  # type: ignore[attr-defined]
        return self.get_response(request)
