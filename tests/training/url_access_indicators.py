"""Indicator 2: the page and the API are public (with statistical secrecy)."""

from __future__ import annotations

from tests.access import UrlAccess

CASES = {
    "training:indicators": UrlAccess(allowed="anonymous", public=True),
    "api-1.0.0:training_indicator": UrlAccess(
        allowed="anonymous",
        public=True,
        kwargs=lambda w: {"indicator_id": "employment-6-months"},
        data=lambda w: {"period": "2026"},
    ),
}
