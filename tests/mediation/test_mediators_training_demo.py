"""The demo's training of the mediators: a qualifying programme, most active mediators certified
(the demo mediator account always, so she may log procedures), those in training enrolled."""

from __future__ import annotations

import random

import pytest

from lakou.accounts.models import Membership
from lakou.core.demo import SCALES
from lakou.mediation.demo import mediators, training
from lakou.mediation.demo.mediators import MEDIATOR_ACCOUNT
from lakou.mediation.models import Mediator, MediatorStatus, QualifyingProgramme
from lakou.mediation.services.training import training_certificate
from lakou.training.models import Enrolment
from tests.accounts.factories import MembershipFactory, OrganisationFactory
from tests.mediation.test_mediators_demo import _territory

pytestmark = pytest.mark.django_db


def test_most_active_mediators_are_trained_and_the_others_enrolled() -> None:
    _territory()
    MembershipFactory(
        organisation=OrganisationFactory(provider=True, name="Centre de formation Madinina"),
        role=Membership.Role.ADMIN,
    )
    mediators.seed(scale=SCALES["demo"], rng=random.Random("lakou"))

    counts = training.seed(scale=SCALES["demo"], rng=random.Random("lakou"))

    assert counts["formations qualifiantes de médiateurs"] == 1
    programme = QualifyingProgramme.objects.get().programme
    assert programme.is_published
    assert programme.is_certifying
    active = list(Mediator.objects.filter(status=MediatorStatus.ACTIVE))
    trained = [m for m in active if training_certificate(m) is not None]
    assert len(active) > len(trained) >= len(active) // 2
    assert training_certificate(Mediator.objects.get(user__email=MEDIATOR_ACCOUNT)) is not None
    for mediator in Mediator.objects.filter(status=MediatorStatus.IN_TRAINING):
        assert training_certificate(mediator) is None
        assert Enrolment.objects.filter(
            learner=mediator.user, status=Enrolment.Status.ACCEPTED
        ).exists()
    assert training.seed(scale=SCALES["demo"], rng=random.Random("other")) == counts
