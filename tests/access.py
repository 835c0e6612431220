"""The access table: every URL of the project is listed with who may open it and who may not.

Each app's `tests/<app>/url_access.py` (or `url_access_<area>.py`) holds a `CASES` dict, keyed by the URL name
("namespace:name"). `tests/test_url_access.py` walks the URL configuration and fails when a
URL has no entry, then checks every entry with the named actors of the `World`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# Named actors, one per role, plus people who must be refused.
ACTORS = (
    "anonymous",  # not signed in
    "person",  # a learner or citizen, no organisation
    "federation",  # federation staff (has a TOTP authenticator, as MFA requires)
    "epci",  # CACEM staff
    "company",  # a company member
    "other_company",  # a member of another company: must not see the first one's objects
    "provider",  # a training provider member
    "auditor",  # an auditor member
    "association",  # a mediation association member
    "superuser",  # federation superuser (Django admin)
)

# Responses that mean "refused": redirect to login, 401, 403, 404, 405 for wrong method.
REFUSED = (302, 401, 403, 404)


@dataclass(frozen=True)
class UrlAccess:
    """How one URL is opened in the table test.

    `allowed` is the actor that must succeed (status `ok_status`); each actor in `denied` must
    be refused. `public=True` says on purpose that everyone, anonymous included, may open it.
    `kwargs` and `data` build URL arguments and POST data from the World (fixture objects).
    """

    allowed: str
    denied: tuple[str, ...] = ()
    method: str = "get"
    kwargs: Callable[[Any], dict[str, Any]] | None = None
    data: Callable[[Any], dict[str, Any]] | None = None
    ok_status: tuple[int, ...] = (200,)
    public: bool = False
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Exempt:
    """A URL that the table does not open, with the reason (third-party views, API by path)."""

    reason: str
