from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from tests.world import World


@pytest.fixture
def world(db: None) -> World:
    return World.build()


def test_federation_staff_without_authenticator_must_set_one_up(world: World) -> None:
    Authenticator.objects.filter(user=world.users["federation"]).delete()
    response = world.client("federation").get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_federation_staff_with_authenticator_reach_their_home(world: World) -> None:
    response = world.client("federation").get(reverse("home"))
    assert response.status_code == 200
    assert "Espace de la fédération du numérique" in response.content.decode()


def test_other_roles_are_not_asked_for_an_authenticator(world: World) -> None:
    assert world.client("company").get(reverse("home")).status_code == 200


def test_the_setup_page_itself_is_reachable_without_authenticator(world: World) -> None:
    Authenticator.objects.filter(user=world.users["federation"]).delete()
    response = world.client("federation").get(reverse("mfa_activate_totp"), follow=True)
    # allauth may first ask to confirm the identity; both pages live under /comptes/.
    assert response.status_code == 200
    assert all(url.startswith("/comptes/") for url, _status in response.redirect_chain)
