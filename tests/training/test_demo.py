"""The demo catalogue is deterministic and goes through the services."""

from __future__ import annotations

import random

import pytest

from lakou.core.demo import SCALES
from lakou.training.demo.catalogue import seed
from lakou.training.models import Programme, Session
from tests.accounts.factories import MembershipFactory, OrganisationFactory
from tests.territory.factories import CommuneFactory

pytestmark = pytest.mark.django_db


def test_it_seeds_programmes_and_sessions_the_same_way_each_time() -> None:
    CommuneFactory()
    MembershipFactory(organisation=OrganisationFactory(provider=True, name="Bootcamp Caraïbes"))
    MembershipFactory(organisation=OrganisationFactory(federation=True))
    counts = seed(scale=SCALES["demo"], rng=random.Random("lakou"))
    titles = sorted(Programme.objects.values_list("title", flat=True))
    assert counts["programmes"] == len(titles) >= 3
    assert counts["sessions"] == Session.objects.count() >= 3
    assert seed(scale=SCALES["demo"], rng=random.Random("lakou"))["programmes"] == len(titles)
    Session.objects.all().delete()
    Programme.objects.all().delete()
    seed(scale=SCALES["demo"], rng=random.Random("lakou"))
    assert sorted(Programme.objects.values_list("title", flat=True)) == titles
