"""One more of every list item of the pooled resources pages, for tests/test_query_counts.py."""

from __future__ import annotations

from typing import Any

from lakou.partnerships.models import Booking, Resource
from tests.partnerships.factories_resources import booked, make_resource, past_booking

S = Booking.Status


def grow(world: Any) -> None:
    provider, company = world.actor("provider"), world.actor("company")
    lent = make_resource(provider, quantity=50, title="Tablettes")
    borrowed = make_resource(company, quantity=50, kind="lab", title="Salle TP")
    make_resource(provider, quantity=None, kind="course_material", licence="cc_by_sa_4")
    # Each resource of the lists (those of earlier growths too) gets one more booking per state.
    for resource in Resource.objects.filter(owner=world.organisations["provider"]):
        if resource.quantity is None or resource.quantity >= 5:
            booked(resource, 3, 5, booker=company)
            booked(resource, 4, 6, booker=company, status=S.APPROVED)
            past_booking(resource, -3, 2, booker=company)
            past_booking(resource, -40, -30, booker=company, status=S.RETURNED)
    booked(borrowed, 2, 3, booker=provider, status=S.APPROVED)
    booked(lent, 8, 9, booker=world.actor("other_company"), status=S.REFUSED)
