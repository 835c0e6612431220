"""The follow-up API: a provider lists its follow-ups and records answers taken by phone."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from lakou.training.models import FollowUp
from tests.skills.factories import OccupationFactory
from tests.territory.factories import CommuneFactory
from tests.training.factories_followup import make_follow_up
from tests.world import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return World.build()


def test_the_provider_lists_its_follow_ups_page_by_page(world: World) -> None:
    provider = world.organisations["provider"]
    mine = make_follow_up(provider=provider)
    make_follow_up(provider=provider, state="answered", situation="permanent")
    make_follow_up()  # another provider's
    response = Client().get("/api/v1/formations/suivis", headers=world.api_headers("provider"))
    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["page"], body["pages"]) == (2, 1, 1)
    assert body["results"][0]["id"] == mine.pk
    assert body["results"][0]["state"] == "due"


def test_the_list_filters_by_state_and_refuses_an_unknown_one(world: World) -> None:
    provider = world.organisations["provider"]
    make_follow_up(provider=provider)
    answered = make_follow_up(provider=provider, state="answered", situation="permanent")
    headers = world.api_headers("provider")
    response = Client().get("/api/v1/formations/suivis?state=answered", headers=headers)
    assert [row["id"] for row in response.json()["results"]] == [answered.pk]
    unknown = Client().get("/api/v1/formations/suivis?state=x", headers=headers)
    assert unknown.status_code == 422
    assert "state : Valeur inconnue" in unknown.json()["detail"]


def test_a_company_token_is_refused_with_403(world: World) -> None:
    response = Client().get("/api/v1/formations/suivis", headers=world.api_headers("company"))
    assert response.status_code == 403
    assert response.json() == {"detail": "Réservé aux organismes de formation."}


def _record(world: World, pk: int, payload: dict[str, object]) -> Any:
    return Client().post(
        f"/api/v1/formations/suivis/{pk}/reponse",
        payload,
        content_type="application/json",
        headers=world.api_headers("provider"),
    )


def test_the_provider_records_a_phone_answer(world: World) -> None:
    follow_up = make_follow_up(provider=world.organisations["provider"])
    occupation = OccupationFactory(developer=True)
    commune = CommuneFactory(lamentin=True)
    response = _record(
        world,
        follow_up.pk,
        {
            "situation": "fixed_term_long",
            "is_digital_job": True,
            "occupation": "M1805",
            "employer_commune": "97213",
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["state"], body["channel"], body["occupation"]) == ("answered", "phone", "M1805")
    follow_up.refresh_from_db()
    assert follow_up.occupation == occupation
    assert follow_up.employer_commune == commune
    assert follow_up.recorded_by == world.users["provider"]


def test_an_unknown_situation_or_occupation_is_refused_in_french(world: World) -> None:
    follow_up = make_follow_up(provider=world.organisations["provider"])
    response = _record(world, follow_up.pk, {"situation": "retired"})
    assert response.status_code == 422
    assert "Valeur inconnue pour 'situation'" in response.json()["detail"]
    response = _record(
        world, follow_up.pk, {"situation": "permanent", "is_digital_job": False, "occupation": "Z9"}
    )
    assert response.status_code == 422
    assert "Un code ROME" in response.json()["detail"]
    response = _record(
        world,
        follow_up.pk,
        {"situation": "permanent", "is_digital_job": False, "occupation": "N9999"},
    )
    assert response.status_code == 400
    assert "Métier ROME inconnu" in response.json()["detail"]
    follow_up.refresh_from_db()
    assert follow_up.state == FollowUp.State.DUE


def test_a_second_answer_is_refused(world: World) -> None:
    follow_up = make_follow_up(provider=world.organisations["provider"])
    assert _record(world, follow_up.pk, {"situation": "inactive"}).status_code == 200
    response = _record(world, follow_up.pk, {"situation": "in_training"})
    assert response.status_code == 409
    assert "déjà enregistrée" in response.json()["detail"]
    follow_up.refresh_from_db()
    assert follow_up.situation == "inactive"


def test_another_providers_follow_up_is_a_404(world: World) -> None:
    follow_up = make_follow_up()
    assert _record(world, follow_up.pk, {"situation": "inactive"}).status_code == 404
