"""Matches: the person's list, accept and decline; the other side's list; indicator 5 (public)."""

from __future__ import annotations

from typing import Any

from tests.access import UrlAccess
from tests.matching.factories_matches import profile_of, training_match

PUBLIC = {"allowed": "anonymous", "public": True}


def persons_match(world: Any) -> dict[str, Any]:
    match, _provider = training_match(profile_of(world.users["person"]))
    return {"pk": match.pk}


CASES = {
    "matching:match_mine": UrlAccess(
        allowed="person", denied=("anonymous", "company", "provider", "federation")
    ),
    "matching:match_incoming": UrlAccess(allowed="provider", denied=("anonymous", "person")),
    "matching:match_accept": UrlAccess(
        allowed="person",
        denied=("anonymous", "company", "provider", "federation"),
        kwargs=persons_match,
    ),
    "matching:match_decline": UrlAccess(
        allowed="person",
        denied=("anonymous", "company", "provider", "federation"),
        kwargs=persons_match,
    ),
    "matching:indicators": UrlAccess(**PUBLIC),
    "api-1.0.0:matching_indicator": UrlAccess(
        **PUBLIC,
        kwargs=lambda w: {"indicator_id": "successful-matches"},
        data=lambda w: {"period": "2026"},
    ),
}
