"""The demo's partnership actions: a year of every kind, through the services, the same each time."""

from __future__ import annotations

import random

import pytest
from django.db.models import Count
from django.utils import timezone

from lakou.core.demo import SCALES
from lakou.partnerships.demo.actions import seed
from lakou.partnerships.models import Action, ActionKind, Contribution
from tests.accounts.factories import MembershipFactory, OrganisationFactory
from tests.territory.factories import CommuneFactory

pytestmark = pytest.mark.django_db


def organisations() -> None:
    CommuneFactory()
    CommuneFactory(marigot=True)
    MembershipFactory(organisation=OrganisationFactory(federation=True))
    for index in range(3):
        company = OrganisationFactory(company=True, siret=f"9022345660{index:04d}")
        MembershipFactory(organisation=company)
    MembershipFactory(organisation=OrganisationFactory(provider=True))


def snapshot() -> list[tuple[str, str, str]]:
    return list(Action.objects.order_by("starts_at", "pk").values_list("title", "kind", "status"))


def test_a_year_of_actions_of_every_kind_with_the_three_contributions() -> None:
    organisations()
    counts = seed(scale=SCALES["demo"], rng=random.Random("lakou"))
    assert counts["partnership_actions"] == Action.objects.count() == 26
    assert set(Action.objects.values_list("kind", flat=True)) == set(ActionKind.values)
    statuses = dict(Action.objects.values_list("status").annotate(n=Count("pk")))
    assert statuses.get("held", 0) >= 5
    assert statuses.get("cancelled", 0) >= 1
    now = timezone.now()
    assert Action.objects.planned().filter(starts_at__gt=now).exists()
    held = Action.objects.held()
    assert all(action.ends_at <= now for action in held)
    assert held.filter(participants__isnull=False).exists()
    assert held.filter(hires__isnull=False).exists()
    assert set(Contribution.objects.values_list("kind", flat=True)) == {
        "money",
        "in_kind",
        "expertise",
    }
    assert counts["partnership_contributions"] == Contribution.objects.count()
    # Organised by the federation and by member organisations.
    kinds = set(Action.objects.values_list("organisers__kind", flat=True))
    assert "federation" in kinds
    assert kinds & {"company", "provider"}


def test_it_seeds_the_same_actions_each_time_and_not_twice() -> None:
    organisations()
    seed(scale=SCALES["demo"], rng=random.Random("lakou"))
    first = snapshot()
    assert seed(scale=SCALES["demo"], rng=random.Random("lakou"))["partnership_actions"] == 26
    assert snapshot() == first
    Action.objects.all().delete()
    seed(scale=SCALES["demo"], rng=random.Random("lakou"))
    assert snapshot() == first
