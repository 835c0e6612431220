"""The Django admin opens from the site login, after the second factor, for federation superusers."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.utils import decrypt
from django.test import Client
from django.urls import reverse

from lakou.accounts.models import User
from tests.e2e.helpers import current_totp_code
from tests.world import World

PASSWORD = "motdepasse-de-test"  # the factories' password


@pytest.fixture
def world(db: None) -> World:
    return World.build()


def _admin_pages(world: World) -> list[str]:
    """The index, an app list, change lists and change pages, the superuser's own among them."""
    user = world.users["superuser"]
    return [
        reverse("admin:index"),
        reverse("admin:app_list", args=["accounts"]),
        reverse("admin:accounts_user_changelist"),
        reverse("admin:accounts_user_change", args=[user.pk]),
        reverse("admin:core_auditentry_changelist"),
        reverse("admin:mfa_authenticator_changelist"),
        *(
            reverse("admin:mfa_authenticator_change", args=[pk])
            for pk in Authenticator.objects.filter(user=user).values_list("pk", flat=True)
        ),
    ]


def _assert_kept_out(client: Client, world: World) -> None:
    """Each admin page answers with a redirect to a login page, never with its content."""
    logins = (reverse("admin:login"), reverse("account_login"))
    for url in _admin_pages(world):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(logins), url


def _sign_in_through_the_site(client: Client, user: User) -> None:
    """Password on the site login, then the code of the authenticator app."""
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": current_totp_code(user)})
    assert response.status_code == 302


def test_a_password_posted_to_the_admin_login_opens_no_admin_page(world: World) -> None:
    client = Client()
    user = world.users["superuser"]
    response = client.post(
        reverse("admin:login"), {"username": user.email, "password": PASSWORD, "next": "/admin/"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session
    _assert_kept_out(client, world)


def test_fifteen_wrong_passwords_then_the_right_one_open_no_admin_page(world: World) -> None:
    client = Client()
    user = world.users["superuser"]
    for _ in range(15):
        client.post(reverse("admin:login"), {"username": user.email, "password": "faux"})
    client.post(reverse("admin:login"), {"username": user.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    _assert_kept_out(client, world)


def test_the_admin_login_sends_to_the_site_login_and_back(world: World) -> None:
    response = Client().get(reverse("admin:login"), {"next": "/admin/accounts/"})
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next=/admin/accounts/"


def test_the_admin_login_does_not_send_elsewhere(world: World) -> None:
    response = Client().get(reverse("admin:login"), {"next": "https://pirate.example/"})
    assert response["Location"] == f"{reverse('account_login')}?next=/admin/"


def test_a_superuser_signed_in_with_password_and_totp_reaches_the_admin(world: World) -> None:
    client = Client()
    _sign_in_through_the_site(client, world.users["superuser"])
    for url in _admin_pages(world):
        assert client.get(url).status_code == 200, url


def test_a_superuser_signed_in_by_password_alone_is_refused_the_admin(world: World) -> None:
    """A session without the second factor (here forced) never reaches an admin page."""
    client = Client()
    client.force_login(world.users["superuser"])
    _assert_kept_out(client, world)
    # The admin login asks for the authenticator code, then comes back.
    response = client.get(reverse("admin:login"), {"next": "/admin/"})
    assert response["Location"] == f"{reverse('mfa_reauthenticate')}?next=/admin/"


def test_confirming_the_authenticator_code_then_opens_the_admin(world: World) -> None:
    client = Client()
    user = world.users["superuser"]
    client.force_login(user)
    response = client.post(
        f"{reverse('mfa_reauthenticate')}?next=/admin/", {"code": current_totp_code(user)}
    )
    assert response["Location"] == "/admin/"
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_federation_member_who_is_no_superuser_is_refused_even_after_totp(world: World) -> None:
    client = Client()
    _sign_in_through_the_site(client, world.users["federation"])
    assert client.get(reverse("admin:index")).status_code == 302
    assert client.get(reverse("admin:login")).status_code == 403


@pytest.mark.parametrize("actor", ["federation", "company", "person"])
def test_others_are_sent_to_the_admin_login(world: World, actor: str) -> None:
    response = world.client(actor).get(reverse("admin:index"))
    assert response.status_code == 302


def test_a_superuser_outside_the_federation_is_refused(world: World) -> None:
    user = world.users["company"]
    user.is_staff = user.is_superuser = True
    user.save()
    assert world.client("company").get(reverse("admin:index")).status_code == 302


def test_the_audit_log_is_read_only_in_the_admin(world: World) -> None:
    client = world.client("superuser")
    assert client.get(reverse("admin:core_auditentry_changelist")).status_code == 200
    assert client.get(reverse("admin:core_auditentry_add")).status_code == 403


def test_no_admin_page_shows_an_authenticator_secret_or_recovery_code(world: World) -> None:
    user = world.users["superuser"]
    codes = RecoveryCodes.activate(user)
    totp = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secrets = [
        decrypt(totp.data["secret"]),
        decrypt(codes.instance.data["seed"]),
        *codes.get_unused_codes(),
    ]
    client = world.client("superuser")
    for url in _admin_pages(world):
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert not [secret for secret in secrets if secret in page], url


def test_authenticators_cannot_be_added_changed_or_deleted_in_the_admin(world: World) -> None:
    totp = Authenticator.objects.get(user=world.users["superuser"], type=Authenticator.Type.TOTP)
    client = world.client("superuser")
    change = reverse("admin:mfa_authenticator_change", args=[totp.pk])
    assert client.post(change, {"data": "{}"}).status_code == 403
    assert client.get(reverse("admin:mfa_authenticator_add")).status_code == 403
    assert client.post(reverse("admin:mfa_authenticator_delete", args=[totp.pk])).status_code == 403
    assert Authenticator.objects.get(pk=totp.pk).data == totp.data
