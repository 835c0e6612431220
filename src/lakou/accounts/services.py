"""Every write on accounts, organisations, memberships and API tokens."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lakou.accounts.models import ApiToken, Membership, Organisation, User, hash_token
from lakou.core.actor import Actor
from lakou.core.audit import audit_record
from lakou.core.french import de_name
from lakou.core.notifications import notify_by_email


def organisation_create(*, actor: Actor | None, **fields: object) -> Organisation:
    with transaction.atomic():
        organisation = Organisation(**fields)
        organisation.full_clean()
        organisation.save()
        audit_record(actor=actor, action="organisation.create", obj=organisation)
    return organisation


def organisation_set_provider_details(
    *, actor: Actor, organisation: Organisation, activity_number: str, street_address: str
) -> Organisation:
    """The activity declaration number and postal address a provider gives when it publishes."""
    before = {
        "activity_number": organisation.activity_number,
        "street_address": organisation.street_address,
    }
    if before == {"activity_number": activity_number, "street_address": street_address}:
        return organisation
    with transaction.atomic():
        organisation.activity_number = activity_number
        organisation.street_address = street_address
        organisation.full_clean(validate_unique=False, validate_constraints=False)
        organisation.save(update_fields=["activity_number", "street_address"])
        audit_record(
            actor=actor, action="organisation.provider_details", obj=organisation, changes=before
        )
    return organisation


def membership_add(
    *,
    actor: Actor | None,
    organisation: Organisation,
    user: User,
    role: str = Membership.Role.MEMBER,
) -> Membership:
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(
            user=user, organisation=organisation, defaults={"role": role}
        )
        if not created and (membership.role != role or not membership.is_active):
            membership.role = role
            membership.is_active = True
            membership.save(update_fields=["role", "is_active"])
        audit_record(
            actor=actor,
            action="membership.add",
            obj=membership,
            changes={"user": user.email, "role": role},
        )
        notify_by_email(
            to=[user.email],
            subject=_("Vous faites partie %(of_name)s") % {"of_name": de_name(organisation.name)},
            template="core/emails/membership_added.txt",
            context={
                "user": user,
                "organisation": organisation,
                "role": membership.get_role_display(),
                "login_url": settings.SITE_URL + reverse("account_request_login_code"),
            },
        )
    return membership


def registered_user(*, email: str, first_name: str, last_name: str) -> User:
    """The account of this address, created without a password if the person has none.

    A new account gets an unverified address; the person then signs in with the code e-mailed
    by django-allauth, which verifies it. An existing account keeps the names it has.
    """
    from allauth.account.models import EmailAddress

    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        return user
    user = User.objects.create_user(
        email=email, first_name=first_name.strip(), last_name=last_name.strip()
    )
    user.set_unusable_password()
    user.save(update_fields=["password"])
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
    return user


def federation_emails() -> list[str]:
    """The addresses of the federation's staff (active members), each once, in order."""
    return list(
        Membership.objects.active()
        .filter(organisation__kind=Organisation.Kind.FEDERATION)
        .exclude(user__email="")
        .order_by("user__email")
        .values_list("user__email", flat=True)
        .distinct()
    )


def api_token_create(*, actor: Actor, name: str) -> tuple[ApiToken, str]:
    """Returns the token and its raw value, which is shown once and never stored."""
    assert actor.user is not None
    raw = ApiToken.PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=actor.user,
            organisation=actor.organisation,
            name=name,
            token_hash=hash_token(raw),
            hint=raw[: len(ApiToken.PREFIX) + 6],
        )
        audit_record(actor=actor, action="api_token.create", obj=token)
    return token, raw


def api_token_revoke(*, actor: Actor, token: ApiToken) -> ApiToken:
    with transaction.atomic():
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            audit_record(actor=actor, action="api_token.revoke", obj=token)
    return token


def api_token_authenticate(raw: str) -> ApiToken | None:
    if not raw.startswith(ApiToken.PREFIX):
        return None
    token = ApiToken.objects.usable().filter(token_hash=hash_token(raw)).first()
    if token is None or not token.user.is_active:
        return None
    if (
        token.organisation_id is not None
        and not Membership.objects.active()
        .filter(user_id=token.user_id, organisation_id=token.organisation_id)
        .exists()
    ):
        return None
    token.touch()
    return token
