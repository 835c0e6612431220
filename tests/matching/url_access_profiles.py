"""« Mon profil d'orientation »: a person acting for themself; an organisation's member is
refused (they act for the organisation)."""

from __future__ import annotations

from typing import Any

from tests.access import UrlAccess
from tests.matching.factories_profiles import make_profile

MEMBERS = ("company", "provider", "federation", "association")
DENIED = ("anonymous", *MEMBERS)


def own_profile(world: Any) -> dict[str, Any]:
    """The person's profile, built once (the pages then show it whole)."""
    from lakou.matching.models import Profile

    if not Profile.objects.filter(user=world.users["person"]).exists():
        make_profile(world.users["person"])
    return {}


CASES = {
    "matching:profile": UrlAccess(allowed="person", denied=DENIED, kwargs=own_profile),
    "matching:profile_edit": UrlAccess(allowed="person", denied=DENIED),
    "matching:profile_self_assessment": UrlAccess(
        allowed="person", denied=DENIED, kwargs=own_profile
    ),
    "matching:profile_import_questionnaire": UrlAccess(
        allowed="person", denied=DENIED, method="post", kwargs=own_profile, ok_status=(302,)
    ),
    "matching:profile_visibility": UrlAccess(
        allowed="person",
        denied=DENIED,
        method="post",
        kwargs=own_profile,
        data=lambda w: {"visible": "yes"},
        ok_status=(302,),
    ),
}
