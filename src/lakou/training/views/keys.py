"""Public issuer pages for verifiers: the issuer Profile and its JWK Set (no login)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from lakou.accounts.models import Organisation
from lakou.training.credentials import issuer_profile
from lakou.training.services.keys import organisation_issuer, organisation_jwks


def get_issuer(pk: int) -> Organisation:
    """An organisation that may issue certificates (a training provider), or 404."""
    return get_object_or_404(Organisation, pk=pk, kind=Organisation.Kind.PROVIDER)


@require_GET
@login_not_required
@cache_control(public=True, max_age=3600)
def issuer_profile_view(request: HttpRequest, pk: int) -> JsonResponse:
    organisation = get_issuer(pk)
    return JsonResponse(
        issuer_profile(organisation_issuer(organisation)), json_dumps_params={"ensure_ascii": False}
    )


@require_GET
@login_not_required
@cache_control(public=True, max_age=3600)
def issuer_jwks(request: HttpRequest, pk: int) -> JsonResponse:
    organisation = get_issuer(pk)
    return JsonResponse(organisation_jwks(organisation), content_type="application/jwk-set+json")
