"""The demo's pooled resources: every kind, bookings in every state, never overbooked, the same
each time."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from django.utils import timezone

from lakou.core.demo import SCALES
from lakou.partnerships.demo.resources import seed
from lakou.partnerships.models import Booking, Resource, ResourceKind
from lakou.partnerships.resource_calendar import Span, peak_use
from tests.accounts.factories import MembershipFactory, OrganisationFactory
from tests.territory.factories import CommuneFactory

pytestmark = pytest.mark.django_db


def _organisations() -> None:
    commune = CommuneFactory()
    MembershipFactory(organisation=OrganisationFactory(federation=True, commune=commune))
    for index in range(3):
        MembershipFactory(
            organisation=OrganisationFactory(provider=True, name=f"Organisme {index}")
        )
        MembershipFactory(
            organisation=OrganisationFactory(company=True, name=f"Entreprise {index}")
        )
    MembershipFactory(organisation=OrganisationFactory(association=True, name="Association"))
    MembershipFactory(organisation=OrganisationFactory(epci=True, name="CACEM"))


def _snapshot() -> list[tuple[object, ...]]:
    return list(
        Booking.objects.order_by(
            "resource__title", "starts_on", "booker__name", "quantity"
        ).values_list(
            "resource__title", "booker__name", "starts_on", "ends_on", "quantity", "status"
        )
    )


def test_the_demo_lends_every_kind_with_bookings_in_every_state() -> None:
    _organisations()
    counts = seed(scale=SCALES["demo"], rng=random.Random("lakou"))
    assert counts["resources"] == Resource.objects.count() == 15
    assert set(Resource.objects.values_list("kind", flat=True)) == set(ResourceKind.values)
    assert set(Resource.objects.values_list("owner__kind", flat=True)) == {
        "provider",
        "company",
        "federation",
        "association",
    }
    assert counts["bookings"] == Booking.objects.count() > 100
    assert set(Booking.objects.values_list("status", flat=True)) == set(Booking.Status.values)
    assert Booking.objects.exclude(damage_notes="").exists()
    today = timezone.localdate()
    assert Booking.objects.filter(starts_on__lt=today - timedelta(days=180)).exists()
    assert Booking.objects.filter(starts_on__gt=today + timedelta(days=30)).exists()
    for resource in Resource.objects.filter(quantity__isnull=False):
        spans = [b.span for b in Booking.objects.filter(resource=resource).holding()]
        first = min((s.start for s in spans), default=today)
        last = max((s.end for s in spans), default=today)
        assert peak_use(spans, first, last) <= (resource.quantity or 0), resource.title
    assert all(isinstance(s, Span) for s in spans)


def test_the_demo_is_the_same_each_time() -> None:
    _organisations()
    seed(scale=SCALES["demo"], rng=random.Random("lakou"))
    first = _snapshot()
    assert seed(scale=SCALES["demo"], rng=random.Random("lakou"))["resources"] == 15  # no rerun
    Booking.objects.all().delete()
    Resource.objects.all().delete()
    seed(scale=SCALES["demo"], rng=random.Random("lakou"))
    assert _snapshot() == first
