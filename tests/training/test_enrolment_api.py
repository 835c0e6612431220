"""Enrolment API: a learner asks with their token, the provider reads the roster and decides."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from lakou.training.models import Enrolment, Session
from tests.training.factories import make_programme, make_session
from tests.training.factories_enrolment import enrolment_in
from tests.world import World

pytestmark = pytest.mark.django_db

S = Enrolment.Status


@pytest.fixture
def world() -> World:
    return World.build()


def provider_session(world: World, seats: int = 3) -> Session:
    return make_session(make_programme(actor=world.actor("provider")), seats=seats)


def post_json(world: World, actor: str, url: str, body: dict[str, Any]) -> Any:
    return Client().post(
        url, body, content_type="application/json", headers=world.api_headers(actor)
    )


def test_a_learner_asks_for_a_seat_with_their_token(world: World) -> None:
    session = provider_session(world)
    response = post_json(
        world,
        "person",
        f"/api/v1/formations/sessions/{session.pk}/inscriptions",
        {"message": "Bonjour", "phone": "0696 00 00 00"},
    )
    assert response.status_code == 201
    assert response.json()["status"] == "requested"
    assert response.json()["learner_email"] == "personne@exemple.mq"


def test_asking_twice_answers_409_with_the_french_reason(world: World) -> None:
    session = provider_session(world)
    url = f"/api/v1/formations/sessions/{session.pk}/inscriptions"
    post_json(world, "person", url, {})
    response = post_json(world, "person", url, {})
    assert response.status_code == 409
    assert "déjà une inscription en cours" in response.json()["detail"]


def test_the_provider_reads_the_roster(world: World) -> None:
    session = provider_session(world)
    enrolment_in(session, S.WAITLISTED, world.users["person"])
    response = Client().get(
        f"/api/v1/formations/sessions/{session.pk}/inscriptions",
        headers=world.api_headers("provider"),
    )
    assert response.status_code == 200
    assert [(row["learner_email"], row["status"]) for row in response.json()["results"]] == [
        ("personne@exemple.mq", "waitlisted")
    ]


def test_another_provider_gets_404_on_the_roster(world: World) -> None:
    session = make_session(make_programme())
    response = Client().get(
        f"/api/v1/formations/sessions/{session.pk}/inscriptions",
        headers=world.api_headers("provider"),
    )
    assert response.status_code == 404


def test_the_provider_accepts_then_a_full_session_answers_409(world: World) -> None:
    session = provider_session(world, seats=1)
    first = enrolment_in(session, S.REQUESTED)
    second = enrolment_in(session, S.REQUESTED)
    accepted = post_json(
        world,
        "provider",
        f"/api/v1/formations/inscriptions/{first.pk}/decision",
        {"action": "accept"},
    )
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "accepted"
    full = post_json(
        world,
        "provider",
        f"/api/v1/formations/inscriptions/{second.pk}/decision",
        {"action": "accept"},
    )
    assert full.status_code == 409
    assert "La session est complète" in full.json()["detail"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"action": "refuse", "reason": ""}, "refuse.reason : 1 caractère(s) au moins."),
        ({"action": "refuse", "reason": "  "}, "refuse.reason : Ne peut pas être vide."),
        ({"action": "promote"}, "Valeur inconnue pour 'action'"),
    ],
)
def test_a_bad_decision_answers_422_in_french(
    world: World, body: dict[str, str], message: str
) -> None:
    enrolment = enrolment_in(provider_session(world), S.REQUESTED)
    response = post_json(
        world, "provider", f"/api/v1/formations/inscriptions/{enrolment.pk}/decision", body
    )
    assert response.status_code == 422
    assert message in response.json()["detail"]
    enrolment.refresh_from_db()
    assert enrolment.status == S.REQUESTED


def test_a_transition_outside_the_table_answers_409(world: World) -> None:
    enrolment = enrolment_in(provider_session(world), S.REQUESTED)
    response = post_json(
        world,
        "provider",
        f"/api/v1/formations/inscriptions/{enrolment.pk}/decision",
        {"action": "complete"},
    )
    assert response.status_code == 409
    assert "ne peut pas passer à" in response.json()["detail"]


def test_the_learner_cancels_through_the_api_but_cannot_accept_themself(world: World) -> None:
    enrolment = enrolment_in(provider_session(world), S.REQUESTED, world.users["person"])
    url = f"/api/v1/formations/inscriptions/{enrolment.pk}/decision"
    assert post_json(world, "person", url, {"action": "accept"}).status_code == 403
    response = post_json(world, "person", url, {"action": "cancel"})
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"


def test_someone_elses_enrolment_is_not_found(world: World) -> None:
    enrolment = enrolment_in(make_session(make_programme()), S.REQUESTED)
    response = post_json(
        world,
        "provider",
        f"/api/v1/formations/inscriptions/{enrolment.pk}/decision",
        {"action": "accept"},
    )
    assert response.status_code == 404
