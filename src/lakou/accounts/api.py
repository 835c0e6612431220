from __future__ import annotations

from django.http import HttpRequest
from ninja import Schema

from lakou.accounts.models import Membership
from lakou.api.auth import TokenAuth, request_actor
from lakou.api.routers import Router

router = Router(tags=["Compte"])


class OrganisationOut(Schema):
    id: int
    name: str
    kind: str
    siret: str
    role: str


class MeOut(Schema):
    email: str
    full_name: str
    acting_for: OrganisationOut | None
    memberships: list[OrganisationOut]


@router.get(
    "/me", response=MeOut, auth=TokenAuth(), summary="Qui appelle, et pour quelle organisation"
)
def me(request: HttpRequest) -> MeOut:
    actor = request_actor(request)
    assert actor.user is not None

    def describe(m: Membership) -> OrganisationOut:
        return OrganisationOut(
            id=m.organisation.pk,
            name=m.organisation.name,
            kind=m.organisation.kind,
            siret=m.organisation.siret,
            role=m.role,
        )

    return MeOut(
        email=actor.user.email,
        full_name=actor.user.get_full_name(),
        acting_for=describe(actor.membership) if actor.membership else None,
        memberships=[describe(m) for m in actor.memberships],
    )


ROUTES = [("", router)]
