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


def apply_through_api(world: World, name: str, offer: Offer, **fields: Any) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from lakou.partnerships.demo.offers import minimal_pdf

    body = {"message": "Je prépare un BTS SIO.", "cv": minimal_pdf("CV")} | fields
    if isinstance(body["cv"], bytes):
        body["cv"] = SimpleUploadedFile("cv.pdf", body["cv"], content_type="application/pdf")
    return Client().post(
        f"{API}/offres/{offer.pk}/candidatures", body, headers=world.api_headers(name)
    )


# The worker reads the committed tasks on its own connection: a transactional test.
@pytest.mark.django_db(transaction=True)
def test_a_learner_applies_with_a_pdf_and_the_company_is_told(world: World) -> None:
    from django.core import mail

    from tests.tasks import run_worker

    offer = make_offer(world.actor("company"), title="Stage support informatique")
    mail.outbox.clear()

    response = apply_through_api(world, "person", offer)
    run_worker()

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["offer"], body["status"], body["has_cv"]) == (offer.pk, "new", True)
    application = Application.objects.get(pk=body["id"])
    with application.cv.open("rb") as cv:
        assert cv.read(5) == b"%PDF-"
    assert application.learner == world.users["person"]
    assert [m.subject for m in mail.outbox] == [
        "[Lakou] Nouvelle candidature : Stage support informatique"
    ]
    # Applying again while the first is pending: 409 with the reason.
    again = apply_through_api(world, "person", offer)
    assert again.status_code == 409
    assert "déjà une candidature en cours" in again.json()["detail"]


def test_a_cv_that_is_not_a_pdf_is_refused_with_the_reason(world: World) -> None:
    offer = make_offer(world.actor("company"))

    not_pdf = apply_through_api(world, "person", offer, cv=b"PK\x03\x04 a word file")
    blank = apply_through_api(world, "person", offer, message="   ")
    missing = Client().post(
        f"{API}/offres/{offer.pk}/candidatures",
        {"message": "Bonjour"},
        headers=world.api_headers("person"),
    )

    assert not_pdf.status_code == 400
    assert "n'est pas un PDF" in not_pdf.json()["detail"]
    assert blank.status_code == 422
    assert missing.status_code == 422
    assert not Application.objects.exists()


def test_only_a_person_applies_and_only_to_a_published_offer(world: World) -> None:
    company = world.actor("company")
    draft = make_offer(company, publish=False)
    offer = make_offer(company)

    assert apply_through_api(world, "company", offer).status_code == 403
    assert apply_through_api(world, "anonymous", offer).status_code == 401
    assert apply_through_api(world, "person", draft).status_code == 404
    assert not Application.objects.exists()


def test_applications_through_the_api_are_throttled_with_the_page(world: World) -> None:
    from lakou.partnerships.services.applications import APPLY_LIMIT_PER_PERSON

    offers = [make_offer(world.actor("company")) for _ in range(APPLY_LIMIT_PER_PERSON + 1)]
    answers = [apply_through_api(world, "person", offer).status_code for offer in offers]

    assert answers == [201] * APPLY_LIMIT_PER_PERSON + [429]
    assert Application.objects.count() == APPLY_LIMIT_PER_PERSON


def test_a_title_of_next_line_characters_is_blank(world: World) -> None:
    """U+0085 is a space for Python, not for JavaScript: the schema's pattern says so, 422."""
    response = post(world, "company", "/mes-offres", {"title": "\x85", "kind": "internship"})
    assert response.status_code == 422
    assert any(
        error["loc"][-1] == "title" and error["msg"] == "Ne peut pas être vide."
        for error in response.json()["errors"]
    )
