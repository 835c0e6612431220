"""« de » before a learner's name is elided as French does: « la demande d'Anne » (issue 9)."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from lakou.training.models import Enrolment
from tests.accounts.factories import UserFactory
from tests.training.factories import make_programme, make_session
from tests.training.factories_certificates import (
    certifying_programme,
    completed_enrolment,
    issued_certificate,
)
from tests.training.factories_enrolment import enrolment_in
from tests.world import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return World.build()


def test_refusing_anne_reads_la_demande_d_anne(world: World) -> None:
    session = make_session(make_programme(actor=world.actor("provider")))
    anne = UserFactory(first_name="Anne", last_name="Éloi")
    enrolment = enrolment_in(session, Enrolment.Status.REQUESTED, anne)
    url = reverse("training:enrolment_refuse", args=[enrolment.pk])
    client = world.client("provider")

    page = html.unescape(client.get(url).content.decode())
    done = client.post(url, {"reason": "Complet."}, follow=True)

    assert "<h1>Refuser la demande d'Anne Éloi</h1>" in page
    assert "La demande d'Anne Éloi est refusée" in html.unescape(done.content.decode())


def test_revoking_emile_reads_le_certificat_d_emile_and_marc_keeps_de(world: World) -> None:
    actor = world.actor("provider")
    client = world.client("provider")
    for first_name, said in (
        ("Émile", "le certificat d'Émile Roc"),
        ("Marc", "le certificat de Marc Roc"),
    ):
        learner = UserFactory(first_name=first_name, last_name="Roc")
        certificate = issued_certificate(
            completed_enrolment(certifying_programme(actor=actor), learner=learner), actor=actor
        )
        url = reverse("training:certificate_revoke", args=[certificate.uid])
        page = html.unescape(client.get(url).content.decode())
        assert f"<h1>Révoquer {said}</h1>" in page
        done = client.post(url, {"reason": "Erreur de saisie."}, follow=True)
        assert f"{said[0].upper()}{said[1:]} est révoqué." in html.unescape(done.content.decode())
