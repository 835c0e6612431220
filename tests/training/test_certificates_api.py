"""Certificates API: public status, issuing and revoking with a provider's token."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from lakou.training.models import Certificate, Enrolment
from lakou.training.services.certificates import certificate_url
from tests.training.factories_certificates import (
    certifying_programme,
    completed_enrolment,
    in_days,
    issued_certificate,
)
from tests.world import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return World.build()


def post(world: World, actor: str, url: str, body: dict[str, Any] | None = None) -> Any:
    return Client().post(
        url,
        json.dumps(body or {}),
        content_type="application/json",
        headers=world.api_headers(actor),
    )


def own_enrolment(world: World, **kwargs: Any) -> Enrolment:
    programme = certifying_programme(actor=world.actor("provider"))
    return completed_enrolment(programme, learner=world.users["person"], **kwargs)


def test_anyone_reads_the_status_of_a_certificate() -> None:
    certificate = issued_certificate(valid_until=in_days(365))
    response = Client().get(f"/api/v1/formations/certificats/{certificate.uid}")
    assert response.status_code == 200
    data = response.json()
    assert data["state"] == "valid"
    assert data["learner_name"] == "Mélissa Théodore"
    assert data["achievement"] == "Développeur web et web mobile"
    assert data["issuer"]["name"] == certificate.provider.name
    assert data["issued_on"] == certificate.issued_on.isoformat()
    assert data["valid_until"] == in_days(365).isoformat()
    assert data["revoked_at"] is None
    assert data["verification_url"] == certificate_url(certificate)


def test_a_provider_issues_a_certificate_through_the_api(world: World) -> None:
    enrolment = own_enrolment(world)
    url = f"/api/v1/formations/inscriptions/{enrolment.pk}/certificat"

    response = post(world, "provider", url, {"valid_until": in_days(400).isoformat()})

    assert response.status_code == 201, response.content
    certificate = Certificate.objects.get(enrolment=enrolment)
    assert response.json()["uid"] == str(certificate.uid)
    assert response.json()["state"] == "valid"
    assert certificate.valid_until == in_days(400)
    again = post(world, "provider", url)
    assert again.status_code == 409
    assert "déjà été délivré" in again.json()["detail"]


def test_an_unfinished_training_is_refused_with_a_reason(world: World) -> None:
    enrolment = own_enrolment(world, status=Enrolment.Status.ATTENDING)
    response = post(world, "provider", f"/api/v1/formations/inscriptions/{enrolment.pk}/certificat")
    assert response.status_code == 409
    assert "formation est terminée" in response.json()["detail"]


@pytest.mark.parametrize("actor", ["person", "company"])
def test_only_the_programmes_provider_issues_through_the_api(world: World, actor: str) -> None:
    enrolment = own_enrolment(world)
    response = post(world, actor, f"/api/v1/formations/inscriptions/{enrolment.pk}/certificat")
    assert response.status_code == 404
    assert not Certificate.objects.exists()


def test_another_providers_enrolment_is_not_found(world: World) -> None:
    enrolment = completed_enrolment()
    response = post(world, "provider", f"/api/v1/formations/inscriptions/{enrolment.pk}/certificat")
    assert response.status_code == 404


def test_a_provider_revokes_through_the_api(world: World) -> None:
    enrolment = own_enrolment(world)
    certificate = issued_certificate(enrolment, actor=world.actor("provider"))
    url = f"/api/v1/formations/certificats/{certificate.uid}/revocation"

    blank = post(world, "provider", url, {"reason": "  "})
    assert blank.status_code == 422
    assert "reason : Ne peut pas être vide." in blank.json()["detail"]
    response = post(world, "provider", url, {"reason": "Évaluation invalidée."})

    assert response.status_code == 200
    assert response.json()["state"] == "revoked"
    assert response.json()["revocation_reason"] == "Évaluation invalidée."
    status = Client().get(f"/api/v1/formations/certificats/{certificate.uid}").json()
    assert status["state"] == "revoked"
    assert status["revoked_at"] is not None


def test_another_provider_cannot_revoke_through_the_api(world: World) -> None:
    certificate = issued_certificate()
    response = post(
        world,
        "provider",
        f"/api/v1/formations/certificats/{certificate.uid}/revocation",
        {"reason": "Fraude."},
    )
    assert response.status_code == 404
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
