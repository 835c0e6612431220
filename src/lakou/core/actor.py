"""The actor of a request: who acts, for which organisation, with which role flags."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from lakou.accounts.models import Membership, Organisation, User


@dataclass(frozen=True)
class Actor:
    """Decisions about access read these flags, never the user alone."""

    user: User | None
    membership: Membership | None = None
    memberships: tuple[Membership, ...] = field(default=())

    @property
    def is_authenticated(self) -> bool:
        return self.user is not None

    @property
    def organisation(self) -> Organisation | None:
        return self.membership.organisation if self.membership else None

    @property
    def organisation_id(self) -> int | None:
        return self.membership.organisation_id if self.membership else None

    @property
    def kind(self) -> str | None:
        return self.organisation.kind if self.organisation else None

    @property
    def is_org_admin(self) -> bool:
        from lakou.accounts.models import Membership

        return self.membership is not None and self.membership.role == Membership.Role.ADMIN

    @property
    def is_federation(self) -> bool:
        return self.kind == "federation"

    @property
    def is_epci(self) -> bool:
        return self.kind == "epci"

    @property
    def is_company(self) -> bool:
        return self.kind == "company"

    @property
    def is_provider(self) -> bool:
        return self.kind == "provider"

    @property
    def is_auditor(self) -> bool:
        return self.kind == "auditor"

    @property
    def is_association(self) -> bool:
        return self.kind == "association"

    @property
    def is_town_hall(self) -> bool:
        """Staff of a commune's town hall: they register residents for workshops and keep the
        commune's venues."""
        return self.kind == "town_hall"

    @property
    def is_person(self) -> bool:
        """A signed-in person acting for themselves (learner, citizen)."""
        return self.user is not None and self.membership is None

    @property
    def role(self) -> str:
        if self.user is None:
            return "public"
        return self.kind or "person"


ANONYMOUS = Actor(user=None)


class ActorRequest(HttpRequest):
    actor: Actor
