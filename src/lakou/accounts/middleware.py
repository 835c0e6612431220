from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

# Paths a federation member without a second factor may still open: setting it up, leaving.
MFA_SETUP_ALLOWED_PREFIXES = ("/comptes/", "/static/", "/healthz", "/api/", "/preferences/")


class StaffMfaRequiredMiddleware:
    """Federation staff must activate an authenticator app (TOTP) before anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        actor = getattr(request, "actor", None)
        if (
            actor is not None
            and actor.user is not None
            and not request.path.startswith(MFA_SETUP_ALLOWED_PREFIXES)
            and any(m.organisation.kind == "federation" for m in actor.memberships)
            and not _has_totp(actor.user)
        ):
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


def _has_totp(user: object) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
