"""A provider gives its activity declaration number and address when it publishes a programme."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from lakou.accounts.models import Organisation
from lakou.core.models import AuditEntry
from lakou.training.models import Programme
from tests.training.test_views import PROGRAMME_FORM
from tests.world import World

pytestmark = pytest.mark.django_db

FORM = {**PROGRAMME_FORM, "occupations": ""}


@pytest.fixture
def world() -> World:
    world = World.build()
    Organisation.objects.filter(pk=world.organisations["provider"].pk).update(
        activity_number="", street_address=""
    )
    return world


def post(world: World, **fields: str) -> Any:
    return world.client("provider").post(reverse("training:programme_create"), {**FORM, **fields})


def test_publishing_without_an_activity_number_is_refused_at_its_field(world: World) -> None:
    response = post(world, activity_number="")
    assert response.status_code == 400
    assert response.context["form"].errors["activity_number"] == [
        "Pour publier, indiquez le numéro de déclaration d'activité de votre organisme "
        "(11 chiffres)."
    ]
    assert not Programme.objects.exists()


def test_publishing_without_an_address_is_refused_at_its_field(world: World) -> None:
    response = post(world, street_address="   ")
    assert response.status_code == 400
    assert response.context["form"].errors["street_address"] == [
        "Pour publier, indiquez l'adresse (numéro et rue) de votre organisme."
    ]


@pytest.mark.parametrize("number", ["9797012349", "979701234977", "97 97012349", "9797O123497"])
def test_an_activity_number_that_is_not_11_digits_is_refused(world: World, number: str) -> None:
    response = post(world, activity_number=number)
    assert response.status_code == 400
    assert "activity_number" in response.context["form"].errors
    assert not Programme.objects.exists()


def test_a_draft_needs_neither(world: World) -> None:
    response = post(world, is_published="", activity_number="", street_address="")
    assert response.status_code == 302
    assert Programme.objects.get().is_published is False


def test_publishing_stores_both_on_the_organisation_with_an_audit_entry(world: World) -> None:
    response = post(world, activity_number="97970123497", street_address=" 3 rue Schoelcher ")
    assert response.status_code == 302
    provider = Organisation.objects.get(pk=world.organisations["provider"].pk)
    assert (provider.activity_number, provider.street_address) == (
        "97970123497",
        "3 rue Schoelcher",
    )
    assert AuditEntry.objects.filter(action="organisation.provider_details").count() == 1


def test_the_next_programme_form_shows_what_the_organisation_gave(world: World) -> None:
    post(world, activity_number="97970123497", street_address="3 rue Schoelcher")
    page = world.client("provider").get(reverse("training:programme_create")).content.decode()
    assert 'value="97970123497"' in page
    assert 'value="3 rue Schoelcher"' in page
