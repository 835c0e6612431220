"""Public issuer pages: anyone, a verifier without an account included, may read them."""

from __future__ import annotations

from tests.access import UrlAccess

CASES = {
    "training:issuer_profile": UrlAccess(
        allowed="anonymous", public=True, kwargs=lambda w: {"pk": w.organisations["provider"].pk}
    ),
    "training:issuer_jwks": UrlAccess(
        allowed="anonymous", public=True, kwargs=lambda w: {"pk": w.organisations["provider"].pk}
    ),
}
