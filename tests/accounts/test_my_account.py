"""« Mon compte »: e-mail addresses, password, two-factor authentication, API tokens, organisations."""

from __future__ import annotations

import html

import pytest
from django.test import Client
from django.urls import reverse

from lakou.accounts.models import User
from tests.accounts.factories import MembershipFactory, OrganisationFactory
from tests.world import World


@pytest.fixture
def world(db: None) -> World:
    return World.build()


def page_of(client: Client) -> str:
    response = client.get(reverse("my_account"))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.mark.parametrize("actor", ["person", "federation", "company"])
def test_the_menu_opens_my_account_and_it_links_to_every_setting(world: World, actor: str) -> None:
    client = world.client(actor)
    home = client.get(reverse("home")).content.decode()
    assert f'<a href="{reverse("my_account")}"' in home, "« Mon compte » in the menu"

    page = page_of(client)

    for name in ("account_email", "mfa_index", "accounts:token_list"):
        assert f'href="{reverse(name)}"' in page, name
    assert (
        f'href="{reverse("account_change_password")}"' in page
        or f'href="{reverse("account_set_password")}"' in page
    )
    for url in (reverse("account_email"), reverse("mfa_index"), reverse("accounts:token_list")):
        assert client.get(url, follow=True).status_code == 200, url


def test_it_lists_each_organisation_and_which_one_i_act_for(world: World) -> None:
    user = world.users["company"]
    second = OrganisationFactory(association=True, name="Réseau des aidants du Nord")
    MembershipFactory(user=user, organisation=second)

    page = page_of(world.client("company"))

    for organisation in (world.organisations["company"], second):
        url = reverse("accounts:organisation_detail", kwargs={"pk": organisation.pk})
        assert f'<a href="{url}">{organisation.name}</a>' in page
    assert "vous agissez pour elle en ce moment" in page


def test_it_says_whether_two_factor_authentication_is_on(world: World) -> None:
    assert "Activée : une application" in page_of(world.client("federation"))
    assert "Pas activée." in page_of(world.client("person"))


def test_a_person_without_organisation_is_told_they_act_for_themselves(world: World) -> None:
    assert "vous agissez pour vous-même" in page_of(world.client("person"))


def test_a_person_signed_in_by_code_only_is_offered_to_choose_a_password(db: None) -> None:
    user = User.objects.create_user(email="code@exemple.mq")
    user.set_unusable_password()
    user.save()
    client = Client()
    client.force_login(user)

    assert f'href="{reverse("account_set_password")}"' in page_of(client)
