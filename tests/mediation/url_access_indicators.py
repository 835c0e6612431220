"""Indicator 4: its page and its API operation are public (secrecy unless federation)."""

from __future__ import annotations

from tests.access import UrlAccess

PUBLIC = {"allowed": "anonymous", "public": True}

CASES = {
    "mediation:indicators": UrlAccess(**PUBLIC),
    "api-1.0.0:mediation_indicator": UrlAccess(
        **PUBLIC,
        kwargs=lambda w: {"indicator_id": "workshops-held"},
        data=lambda w: {"period": "2026"},
    ),
}
