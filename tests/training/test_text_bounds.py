"""Every text a person types in the training pages has a limit, said at the field (issue 9).

A test per form family: one character over the limit is refused at the field in French and
nothing is saved; exactly at the limit is accepted. The API answers 422 past the same limits.
"""

from __future__ import annotations

import html
import importlib
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from lakou.core.validators import LONG_TEXT_MAX_LENGTH, SHORT_TEXT_MAX_LENGTH
from lakou.training.models import Certificate, Enrolment, Programme, Session
from lakou.training.services.catalogue import programme_submit_for_label
from tests.training.factories import make_programme, make_session
from tests.training.factories_certificates import (
    certifying_programme,
    completed_enrolment,
    issued_certificate,
)
from tests.training.factories_enrolment import enrolment_in
from tests.training.test_views import PROGRAMME_FORM as WITH_OCCUPATION
from tests.world import World

pytestmark = pytest.mark.django_db

LONG, SHORT = LONG_TEXT_MAX_LENGTH, SHORT_TEXT_MAX_LENGTH
PROGRAMME_FORM = {**WITH_OCCUPATION, "occupations": ""}


@pytest.fixture
def world() -> World:
    return World.build()


def error_at_field(response: Any, name: str) -> str:
    """The text between the field's label and the field itself: where Django puts its errors."""
    text = html.unescape(response.content.decode())
    start = text.index(f'<label for="id_{name}"')
    return text[start : text.index(f'name="{name}"', start)]


def assert_refused_at_field(response: Any, name: str, limit: int) -> None:
    assert response.status_code == 400
    field = error_at_field(response, name)
    assert "Assurez-vous que cette valeur comporte au plus" in field, field
    assert f"(actuellement {limit + 1}" in field.replace("\u202f", "").replace("\xa0", "")


# ---------------------------------------------------------------- the programme form


@pytest.mark.parametrize(
    "name", ["objective", "content", "expected_results", "prerequisites", "accessibility"]
)
def test_a_programme_text_one_over_the_limit_is_refused_at_its_field(
    world: World, name: str
) -> None:
    response = world.client("provider").post(
        reverse("training:programme_create"), {**PROGRAMME_FORM, name: "a" * (LONG + 1)}
    )
    assert_refused_at_field(response, name, LONG)
    assert not Programme.objects.exists()


def test_a_programme_text_at_the_limit_is_accepted(world: World) -> None:
    response = world.client("provider").post(
        reverse("training:programme_create"),
        {**PROGRAMME_FORM, "objective": "a" * LONG, "title": "t" * 200},
    )
    assert response.status_code == 302
    assert len(Programme.objects.get().objective) == LONG


def test_the_programme_model_refuses_a_text_over_the_limit_too() -> None:
    programme = make_programme()
    programme.objective = "a" * (LONG + 1)
    with pytest.raises(ValidationError) as raised:
        programme.full_clean()
    assert list(raised.value.message_dict) == ["objective"]


# ---------------------------------------------------------------- enrolment: request, refusal


def test_an_enrolment_message_one_over_the_limit_is_refused_at_its_field(world: World) -> None:
    session = make_session(make_programme())
    url = reverse("training:session_enrol", args=[session.pk])
    form = {"first_name": "Line", "last_name": "Jean-Baptiste"}
    client = world.client("person")

    refused = client.post(url, {**form, "message": "m" * (SHORT + 1)})

    assert_refused_at_field(refused, "message", SHORT)
    assert not Enrolment.objects.exists()
    assert client.post(url, {**form, "message": "m" * SHORT}).status_code == 302
    assert len(Enrolment.objects.get().message) == SHORT


def test_a_refusal_reason_one_over_the_limit_is_refused_at_its_field(world: World) -> None:
    session = make_session(make_programme(actor=world.actor("provider")))
    enrolment = enrolment_in(session, Enrolment.Status.REQUESTED)
    url = reverse("training:enrolment_refuse", args=[enrolment.pk])
    client = world.client("provider")

    assert_refused_at_field(client.post(url, {"reason": "r" * (SHORT + 1)}), "reason", SHORT)
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.REQUESTED
    assert client.post(url, {"reason": "r" * SHORT}).status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.REFUSED


def test_the_enrolment_api_answers_422_past_the_message_limit(world: World) -> None:
    session = make_session(make_programme())
    url = f"/api/v1/formations/sessions/{session.pk}/inscriptions"
    body = {"first_name": "Line", "last_name": "Jean-Baptiste"}
    headers = world.api_headers("person")

    refused = Client().post(
        url,
        {**body, "message": "m" * (SHORT + 1)},
        content_type="application/json",
        headers=headers,
    )

    assert refused.status_code == 422
    assert refused.json()["errors"][0]["loc"] == ["body", "payload", "message"]
    assert refused.json()["errors"][0]["msg"] == "2000 caractères au plus."
    assert not Enrolment.objects.exists()
    accepted = Client().post(
        url, {**body, "message": "m" * SHORT}, content_type="application/json", headers=headers
    )
    assert accepted.status_code == 201


@pytest.mark.parametrize(
    ("phone", "status", "stored"),
    [
        ("0696 12 34 56", 201, "+596696123456"),
        ("06 12 34", 422, None),
        ("+1 514 555 0199", 422, None),
    ],
)
def test_the_enrolment_api_checks_and_normalises_the_phone(
    world: World, phone: str, status: int, stored: str | None
) -> None:
    session = make_session(make_programme())
    response = Client().post(
        f"/api/v1/formations/sessions/{session.pk}/inscriptions",
        {"first_name": "Line", "last_name": "Jean-Baptiste", "phone": phone},
        content_type="application/json",
        headers=world.api_headers("person"),
    )
    assert response.status_code == status
    if stored is None:
        assert response.json()["errors"][0]["msg"] == (
            "Numéro de téléphone invalide : écrivez par exemple 0696 12 34 56."
        )
        assert not Enrolment.objects.exists()
    else:
        assert response.json()["phone"] == stored


# ---------------------------------------------------------------- session cancel, label refusal


def test_a_cancellation_reason_over_the_limit_is_refused_and_the_session_stays_open(
    world: World,
) -> None:
    session = make_session(make_programme(actor=world.actor("provider")))
    url = reverse("training:session_cancel", args=[session.pk])
    client = world.client("provider")

    refused = client.post(url, {"reason": "r" * (SHORT + 1), "confirme": "oui"})

    # Before, an invalid reason was dropped and the session cancelled without one.
    assert_refused_at_field(refused, "reason", SHORT)
    session.refresh_from_db()
    assert session.status == Session.Status.OPEN
    assert client.post(url, {"reason": "r" * SHORT, "confirme": "oui"}).status_code == 302
    session.refresh_from_db()
    assert session.status == Session.Status.CANCELLED
    assert len(session.cancellation_reason) == SHORT


def test_a_label_refusal_reason_over_the_limit_is_refused_at_its_field(world: World) -> None:
    actor = world.actor("provider")
    programme = make_programme(actor=actor)
    programme_submit_for_label(actor=actor, programme=programme)
    url = reverse("training:programme_refuse", args=[programme.pk])
    client = world.client("federation")

    assert_refused_at_field(client.post(url, {"reason": "r" * (SHORT + 1)}), "reason", SHORT)
    programme.refresh_from_db()
    assert programme.status == Programme.Status.SUBMITTED
    assert client.post(url, {"reason": "r" * SHORT}).status_code == 302
    programme.refresh_from_db()
    assert programme.status == Programme.Status.REFUSED


# ---------------------------------------------------------------- certificate revocation


def test_a_revocation_reason_over_the_limit_is_refused_at_its_field(world: World) -> None:
    actor = world.actor("provider")
    certificate = issued_certificate(
        completed_enrolment(certifying_programme(actor=actor)), actor=actor
    )
    url = reverse("training:certificate_revoke", args=[certificate.uid])
    client = world.client("provider")

    assert_refused_at_field(client.post(url, {"reason": "r" * (SHORT + 1)}), "reason", SHORT)
    assert Certificate.objects.get().revoked_at is None
    assert client.post(url, {"reason": "r" * SHORT}).status_code == 302
    assert Certificate.objects.get().revoked_at is not None


def test_the_revocation_api_answers_422_past_the_reason_limit(world: World) -> None:
    actor = world.actor("provider")
    certificate = issued_certificate(
        completed_enrolment(certifying_programme(actor=actor)), actor=actor
    )
    response = Client().post(
        f"/api/v1/formations/certificats/{certificate.uid}/revocation",
        {"reason": "r" * (SHORT + 1)},
        content_type="application/json",
        headers=world.api_headers("provider"),
    )
    assert response.status_code == 422
    assert Certificate.objects.get().revoked_at is None


def test_the_migration_writes_the_phones_typed_before_in_e164() -> None:
    session = make_session(make_programme())
    typed = enrolment_in(session, Enrolment.Status.REQUESTED)
    junk = enrolment_in(session, Enrolment.Status.REQUESTED)
    Enrolment.objects.filter(pk=typed.pk).update(phone="0696.12.34.56")
    Enrolment.objects.filter(pk=junk.pk).update(phone="le soir")
    migration = importlib.import_module("lakou.training.migrations.0005_bounded_texts_and_phone")

    migration.normalise_phones(apps, None)

    typed.refresh_from_db()
    junk.refresh_from_db()
    assert typed.phone == "+596696123456"
    assert junk.phone == "le soir"  # not a number: left for the provider to read
