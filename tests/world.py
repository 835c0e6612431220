"""One named actor per role, built from factories, shared by the access table and other tests."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import HttpRequest
from django.test import Client

from lakou.accounts.models import ApiToken, Organisation, User
from lakou.accounts.services import api_token_create
from lakou.core.actor import Actor
from lakou.core.middleware import SESSION_ORGANISATION_KEY
from tests.accounts.factories import MembershipFactory, OrganisationFactory, UserFactory

ROLE_TRAITS = {
    "federation": "federation",
    "epci": "epci",
    "company": "company",
    "other_company": "company",
    "provider": "provider",
    "auditor": "auditor",
    "association": "association",
    "superuser": "federation",
}


def give_totp(user: User) -> None:
    """Federation staff must have an authenticator app; tests give them one."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, generate_totp_secret())


def record_second_factor(client: Client, user: User) -> None:
    """Write in the client's session what allauth records once the authenticator code is accepted.

    Nothing for a user without an authenticator app: their login cannot have asked for it.
    """
    from allauth.account.internal.flows.login import record_authentication
    from allauth.mfa.models import Authenticator

    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is None:
        return
    request = HttpRequest()
    request.session = client.session
    record_authentication(request, user, "password", email=user.email)
    record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
    request.session.save()


@dataclass
class World:
    users: dict[str, User] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)

    @classmethod
    def build(cls) -> World:
        world = cls()
        world.users["person"] = UserFactory(email="personne@exemple.mq")
        federation = None
        for role, trait in ROLE_TRAITS.items():
            if role == "superuser" and federation is not None:
                organisation = federation
            else:
                organisation = OrganisationFactory(
                    **{trait: True}, name=f"Organisation {role.replace('_', ' ')}"
                )
            if role == "federation":
                federation = organisation
            user = UserFactory(email=f"{role.replace('_', '-')}@exemple.mq")
            if role == "superuser":
                user.is_staff = user.is_superuser = True
                user.save()
            MembershipFactory(user=user, organisation=organisation)
            if organisation.kind == Organisation.Kind.FEDERATION:
                give_totp(user)
            world.users[role] = user
            world.organisations[role] = organisation
        return world

    def actor(self, name: str) -> Actor:
        from lakou.accounts.models import Membership

        user = self.users[name]
        memberships = tuple(Membership.objects.active().for_user(user))
        return Actor(
            user=user, membership=memberships[0] if memberships else None, memberships=memberships
        )

    def client(self, name: str) -> Client:
        client = Client()
        if name != "anonymous":
            client.force_login(self.users[name])
            # As the site login does for federation staff: password or e-mailed code, then the
            # authenticator app's code (the admin opens only after it).
            record_second_factor(client, self.users[name])
            organisation = self.organisations.get(name)
            if organisation is not None:
                session = client.session
                session[SESSION_ORGANISATION_KEY] = organisation.pk
                session.save()
        return client

    def api_token(self, name: str) -> str:
        if name == "anonymous":
            return ""
        _token, raw = api_token_create(actor=self.actor(name), name=f"test {name}")
        return raw

    def api_token_pk(self, name: str) -> int:
        token, _raw = api_token_create(actor=self.actor(name), name=f"test {name}")
        return token.pk

    def api_headers(self, name: str) -> dict[str, str]:
        raw = self.api_token(name)
        return {"Authorization": f"Bearer {raw}"} if raw else {}


def api_token_for(world: World, name: str) -> ApiToken:
    return ApiToken.objects.filter(user=world.users[name]).latest("created_at")
