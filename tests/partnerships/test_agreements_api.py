"""The agreements API: each role reads its agreements; the company creates and sends one; a
party asks for a change; the company or school breaks one off; the CERFA data."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from lakou.partnerships.models import Agreement, Application, PlacementKind
from tests.partnerships.factories_agreements import make_agreement, make_application
from tests.world import World

pytestmark = pytest.mark.django_db
Status = Agreement.Status
BASE = "/api/v1/partenariats/conventions"


@pytest.fixture
def world() -> World:
    return World.build()


def of_world(world: World, status: str = Status.DRAFT, **fields: Any) -> Agreement:
    return make_agreement(
        status=status,
        company=world.organisations["company"],
        school=world.organisations["provider"],
        learner=world.users["person"],
        **fields,
    )


def post(world: World, actor: str, url: str, payload: dict[str, Any] | None = None) -> Any:
    return Client().post(
        url,
        payload or {},
        content_type="application/json",
        headers=world.api_headers(actor),
    )


def test_each_role_lists_its_agreements(world: World) -> None:
    mine = of_world(world, Status.SIGNED)
    make_agreement(status=Status.SIGNED)
    for actor in ("company", "provider", "person"):
        body = Client().get(BASE, headers=world.api_headers(actor)).json()
        assert [row["id"] for row in body["results"]] == [mine.pk], actor
    assert Client().get(BASE, headers=world.api_headers("federation")).json()["count"] == 2
    assert Client().get(BASE, headers=world.api_headers("epci")).json()["count"] == 0
    assert Client().get(BASE).status_code == 401


def test_the_detail_shows_the_signatures_and_their_verification(world: World) -> None:
    agreement = of_world(world, Status.SIGNED)
    body = Client().get(f"{BASE}/{agreement.pk}", headers=world.api_headers("company")).json()
    assert body["status"] == "signed"
    assert len(body["signatures"]) == 3
    assert all(s["verified"] and not s["voided"] for s in body["signatures"])
    assert len(body["text_sha256"]) == 64
    other = Client().get(f"{BASE}/{agreement.pk}", headers=world.api_headers("other_company"))
    assert other.status_code == 404


def test_the_company_creates_and_sends_through_the_api(world: World) -> None:
    application = make_application(
        company=world.organisations["company"],
        school=world.organisations["provider"],
        learner=world.users["person"],
    )
    created = post(world, "company", BASE, {"application_id": application.pk})
    assert created.status_code == 201
    assert created.json()["status"] == "draft"
    again = post(world, "company", BASE, {"application_id": application.pk})
    assert again.status_code == 409
    assert "déjà sa convention" in again.json()["detail"]
    # Not yet complete: the submit says which fields are missing.
    refused = post(world, "company", f"{BASE}/{created.json()['id']}/envoi")
    assert refused.status_code == 409
    assert "Champs manquants" in refused.json()["detail"]
    complete = of_world(world)
    sent = post(world, "company", f"{BASE}/{complete.pk}/envoi")
    assert sent.status_code == 200
    assert sent.json()["status"] == "ready_to_sign"
    # Someone else's accepted application is not found.
    foreign = make_application()
    assert post(world, "company", BASE, {"application_id": foreign.pk}).status_code == 404
    pending = make_application(
        company=world.organisations["company"], status=Application.Status.NEW
    )
    assert post(world, "company", BASE, {"application_id": pending.pk}).status_code == 409
    refused = post(world, "provider", BASE, {"application_id": application.pk})
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Réservé aux entreprises d'accueil."


def test_back_to_draft_and_break_off_through_the_api(world: World) -> None:
    agreement = of_world(world, Status.PARTLY_SIGNED)
    empty = post(world, "provider", f"{BASE}/{agreement.pk}/brouillon", {"reason": ""})
    assert empty.status_code == 422
    back = post(world, "provider", f"{BASE}/{agreement.pk}/brouillon", {"reason": "Dates"})
    assert back.status_code == 200
    assert back.json()["status"] == "draft"
    assert all(s["voided"] for s in back.json()["signatures"])
    again = post(world, "provider", f"{BASE}/{agreement.pk}/brouillon", {"reason": "Dates"})
    assert again.status_code == 409
    assert "revenir au brouillon" in again.json()["detail"]

    active = of_world(world, Status.ACTIVE)
    payload = {"on": active.starts_on.isoformat(), "reason": "Abandon"}
    assert post(world, "person", f"{BASE}/{active.pk}/rupture", payload).status_code == 409
    broken = post(world, "company", f"{BASE}/{active.pk}/rupture", payload)
    assert broken.status_code == 200
    assert broken.json()["broken_off_on"] == active.starts_on.isoformat()


def test_the_cerfa_json(world: World) -> None:
    contract = of_world(world, Status.SIGNED, kind=PlacementKind.APPRENTICESHIP)
    body = Client().get(f"{BASE}/{contract.pk}/cerfa", headers=world.api_headers("company"))
    assert body.status_code == 200
    assert body.json()["champs"]["formation.cfa_uai"] == "9720825X"
    internship = of_world(world, Status.SIGNED)
    refused = Client().get(f"{BASE}/{internship.pk}/cerfa", headers=world.api_headers("company"))
    assert refused.status_code == 409


def test_the_status_filter(world: World) -> None:
    draft = of_world(world)
    of_world(world, Status.SIGNED)
    headers = world.api_headers("company")
    body = Client().get(f"{BASE}?status=draft", headers=headers).json()
    assert [row["id"] for row in body["results"]] == [draft.pk]
    assert Client().get(f"{BASE}?status=nope", headers=headers).status_code == 422


def test_the_api_status_list_matches_the_model() -> None:
    from lakou.partnerships.api.agreements import STATUSES

    assert STATUSES.split("|") == Agreement.Status.values
