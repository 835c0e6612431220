"""Offers API: the public search, the company's offers and status changes, the pipeline and the
decisions, the learner's applications."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from lakou.partnerships.models import Application, Offer
from tests.partnerships.factories_offers import (
    application_in,
    make_offer,
    private_media,  # noqa: F401 - a fixture
)
from tests.territory.factories import CommuneFactory
from tests.world import World

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]

S = Application.Status
API = "/api/v1/partenariats"


@pytest.fixture
def world() -> World:
    return World.build()


def get(world: World, name: str, path: str, **params: Any) -> Any:
    return Client().get(f"{API}{path}", params, headers=world.api_headers(name))


def post(world: World, name: str, path: str, body: dict[str, Any]) -> Any:
    return Client().post(
        f"{API}{path}", body, content_type="application/json", headers=world.api_headers(name)
    )


def test_the_public_list_filters_and_paginates(world: World) -> None:
    company = world.actor("company")
    web = make_offer(company, title="Stage développeur web")
    make_offer(company, title="Apprenti réseaux", kind="apprenticeship")
    make_offer(company, title="Brouillon", publish=False)

    body = get(world, "anonymous", "/offres").json()
    assert body["count"] == 2
    assert {row["title"] for row in body["results"]} == {
        "Stage développeur web",
        "Apprenti réseaux",
    }

    body = get(world, "anonymous", "/offres", kind="internship").json()
    assert [row["id"] for row in body["results"]] == [web.pk]
    assert body["results"][0]["commune"] == "97209"

    assert get(world, "anonymous", "/offres", territory="12").status_code == 422


def test_a_draft_is_not_in_the_public_api(world: World) -> None:
    draft = make_offer(world.actor("company"), publish=False)
    assert get(world, "anonymous", f"/offres/{draft.pk}").status_code == 404


def test_a_company_creates_then_publishes_an_offer(world: World) -> None:
    CommuneFactory(marigot=True)
    start = (timezone.localdate() + dt.timedelta(days=20)).isoformat()
    response = post(
        world,
        "company",
        "/mes-offres",
        {
            "kind": "professionalisation",
            "title": "Contrat de professionnalisation — support informatique",
            "description": "Résoudre les incidents courants.",
            "commune": "97216",
            "starts_on": start,
            "duration_weeks": 52,
            "weekly_hours": 35,
            "monthly_pay": 1350.00,
        },
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["status"] == "draft"
    assert created["commune_name"] == "Le Marigot"

    response = post(world, "company", f"/mes-offres/{created['id']}/statut", {"action": "publish"})
    assert response.status_code == 200
    assert response.json()["status"] == "published"

    response = post(world, "company", f"/mes-offres/{created['id']}/statut", {"action": "publish"})
    assert response.status_code == 409
    assert "ne peut pas passer" in response.json()["detail"]


def test_unknown_references_answer_409(world: World) -> None:
    body = {
        "kind": "internship",
        "title": "Stage",
        "description": "Missions",
        "commune": "97234",
        "starts_on": "2030-01-01",
        "duration_weeks": 8,
        "weekly_hours": 35,
    }
    response = post(world, "company", "/mes-offres", body)
    assert response.status_code == 409
    assert "Commune inconnue" in response.json()["detail"]
    assert not Offer.objects.exists()


def test_only_companies_write_and_another_companys_offer_is_a_404(world: World) -> None:
    offer = make_offer(world.actor("company"), publish=False)
    assert post(world, "person", "/mes-offres", {}).status_code == 403
    response = post(world, "other_company", f"/mes-offres/{offer.pk}/statut", {"action": "publish"})
    assert response.status_code == 404
    offer.refresh_from_db()
    assert offer.status == Offer.Status.DRAFT


def test_the_pipeline_and_the_decisions(world: World) -> None:
    offer = make_offer(world.actor("company"))
    application = application_in(offer, S.NEW, world.users["person"])

    rows = get(world, "company", f"/mes-offres/{offer.pk}/candidatures").json()["results"]
    assert [row["id"] for row in rows] == [application.pk]
    assert rows[0]["has_cv"] is True
    assert get(world, "other_company", f"/mes-offres/{offer.pk}/candidatures").status_code == 404

    path = f"/candidatures/{application.pk}/decision"
    assert post(world, "company", path, {"action": "refuse", "reason": "x"}).status_code == 422
    response = post(world, "company", path, {"action": "refuse", "reason": "level"})
    assert response.status_code == 200
    assert response.json()["status"] == "refused"
    assert post(world, "company", path, {"action": "accept"}).status_code == 409
    assert post(world, "other_company", path, {"action": "accept"}).status_code == 404


def test_the_learner_lists_and_withdraws(world: World) -> None:
    application = application_in(
        make_offer(world.actor("company")), S.EXAMINING, world.users["person"]
    )
    rows = get(world, "person", "/mes-candidatures").json()["results"]
    assert [(row["id"], row["status"]) for row in rows] == [(application.pk, "examining")]

    path = f"/candidatures/{application.pk}/decision"
    assert post(world, "person", path, {"action": "accept"}).status_code == 403
    assert post(world, "company", path, {"action": "withdraw"}).status_code == 403
    response = post(world, "person", path, {"action": "withdraw"})
    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"
