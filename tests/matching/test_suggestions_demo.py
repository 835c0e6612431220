"""The suggestions' demo: companies write to visible candidates, one person answers."""

from __future__ import annotations

import random

import pytest

from lakou.core.demo import SCALES
from lakou.matching.demo.suggestions import seed
from lakou.matching.models import ContactRequest
from tests.matching.factories_suggestions import seeker
from tests.partnerships.factories_offers import company_actor

pytestmark = pytest.mark.django_db


def test_companies_write_to_visible_candidates_and_one_answers() -> None:
    company_actor()
    seeker(first_name="Maëva")
    seeker(first_name="Joël")
    seeker(first_name="Cachée", visible=False)
    counts = seed(scale=SCALES["demo"], rng=random.Random(1))
    assert counts == {"prises de contact": 2, "prises de contact répondues": 1}
    assert not ContactRequest.objects.filter(profile__is_visible=False).exists()


def test_without_visible_profiles_nothing_is_written() -> None:
    assert seed(scale=SCALES["demo"], rng=random.Random(1)) == {
        "prises de contact": 0,
        "prises de contact répondues": 0,
    }
