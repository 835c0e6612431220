"""A mediator is « formé(e) » by a valid Lakou certificate of a programme that qualifies them."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from lakou.mediation.models import MediatorStatus, QualifyingProgramme
from lakou.mediation.services.training import training_certificate
from tests.mediation.factories_mediators import make_mediator
from tests.training.factories_certificates import (
    certifying_programme,
    completed_enrolment,
    issued_certificate,
)
from tests.world import World

pytestmark = pytest.mark.django_db


def test_a_certificate_of_a_qualifying_programme_makes_the_mediator_trained() -> None:
    mediator = make_mediator(status=MediatorStatus.IN_TRAINING)
    programme = certifying_programme(title="Médiateur numérique : accompagner les seniors")
    other = certifying_programme(title="Bureautique")
    issued_certificate(completed_enrolment(other, learner=mediator.user))
    assert training_certificate(mediator) is None  # not a qualifying programme

    QualifyingProgramme.objects.create(programme=programme)
    certificate = issued_certificate(completed_enrolment(programme, learner=mediator.user))

    assert training_certificate(mediator) == certificate


def test_a_revoked_certificate_no_longer_qualifies() -> None:
    mediator = make_mediator(status=MediatorStatus.ACTIVE)
    programme = certifying_programme()
    QualifyingProgramme.objects.create(programme=programme)
    certificate = issued_certificate(completed_enrolment(programme, learner=mediator.user))
    certificate.revoked_at = timezone.now()
    certificate.save(update_fields=["revoked_at"])

    assert training_certificate(mediator) is None


def test_the_mediators_page_says_trained_with_a_link_to_verify() -> None:
    world = World.build()
    mediator = make_mediator(status=MediatorStatus.ACTIVE)
    url = reverse("mediation:mediator_detail", kwargs={"pk": mediator.pk})
    before = world.client("federation").get(url).content.decode()
    programme = certifying_programme(title="Médiateur numérique")
    QualifyingProgramme.objects.create(programme=programme)
    certificate = issued_certificate(completed_enrolment(programme, learner=mediator.user))

    after = world.client("federation").get(url).content.decode()

    assert "Pas encore formé(e)" in before
    assert "Formé(e)" in after
    assert reverse("training:certificate_verify", kwargs={"uid": certificate.uid}) in after
