from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from lakou.accounts.models import ApiToken
from lakou.accounts.services import api_token_authenticate, api_token_create, api_token_revoke
from lakou.core.models import AuditEntry
from tests.world import World


@pytest.fixture
def world(db: None) -> World:
    return World.build()


def test_a_token_is_stored_hashed_and_shown_once(world: World) -> None:
    client = world.client("company")
    response = client.post(reverse("accounts:token_create"), {"name": "Tableur de suivi"})
    assert response.status_code == 200
    raw = response.context["raw"]
    assert raw.startswith("lakou_")
    token = ApiToken.objects.get(user=world.users["company"])
    assert raw not in (token.token_hash, token.hint)
    assert token.organisation == world.organisations["company"]
    listing = client.get(reverse("accounts:token_list")).content.decode()
    assert raw not in listing
    assert token.hint in listing


def test_a_token_without_a_name_is_refused_with_a_message(world: World) -> None:
    response = world.client("company").post(reverse("accounts:token_create"), {"name": ""})
    assert response.status_code == 400
    assert "Ce champ est obligatoire" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_me_returns_the_caller_and_the_organisation_the_token_acts_for(world: World) -> None:
    _token, raw = api_token_create(actor=world.actor("company"), name="script")
    response = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200
    body = response.json()
    assert body["email"] == "company@exemple.mq"
    assert body["acting_for"]["id"] == world.organisations["company"].pk
    assert body["acting_for"]["kind"] == "company"


@pytest.mark.parametrize("header", [None, "Bearer lakou_wrong", "Bearer nothing", "Basic abc"])
def test_me_answers_401_without_a_valid_token(world: World, header: str | None) -> None:
    headers = {"Authorization": header} if header else {}
    assert Client().get("/api/v1/me", headers=headers).status_code == 401


def test_a_revoked_token_no_longer_opens_the_api(world: World) -> None:
    token, raw = api_token_create(actor=world.actor("company"), name="script")
    api_token_revoke(actor=world.actor("company"), token=token)
    assert api_token_authenticate(raw) is None
    assert Client().get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 401
    assert AuditEntry.objects.filter(action="api_token.revoke", object_id=str(token.pk)).exists()


def test_a_token_stops_working_when_its_membership_ends(world: World) -> None:
    _token, raw = api_token_create(actor=world.actor("company"), name="script")
    world.users["company"].memberships.update(is_active=False)
    assert api_token_authenticate(raw) is None


def test_a_stranger_cannot_revoke_another_persons_token(world: World) -> None:
    token, _raw = api_token_create(actor=world.actor("company"), name="script")
    response = world.client("other_company").post(reverse("accounts:token_revoke", args=[token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_revoking_from_the_page_asks_first_then_revokes(world: World) -> None:
    token, raw = api_token_create(actor=world.actor("company"), name="Tableur de suivi")
    url = reverse("accounts:token_revoke", args=[token.pk])
    client = world.client("company")
    listing = client.get(reverse("accounts:token_list")).content.decode()
    assert f'href="{url}">Révoquer…' in listing

    asked = client.post(url)  # the old one-click form, or a script: the page asks again

    assert asked.status_code == 200
    text = asked.content.decode()
    assert "Révoquer le jeton « Tableur de suivi » ?" in text
    assert "La révocation est définitive" in text
    token.refresh_from_db()
    assert token.revoked_at is None

    assert client.post(url, {"confirme": "oui"}).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert api_token_authenticate(raw) is None
