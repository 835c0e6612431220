"""Pooled resources pages and API: members of any organisation browse and book, the owner decides.

In these tables the world's provider owns the resources and the world's company books them.
"""

from __future__ import annotations

from typing import Any

from lakou.partnerships.models import Booking
from tests.access import UrlAccess
from tests.partnerships.factories_resources import booked, day, make_resource, past_booking

S = Booking.Status

NOT_MEMBERS = ("anonymous", "person")
# Who is refused on the owner's own objects: the booker (403), strangers (404), non-members.
NOT_OWNER = ("anonymous", "person", "company", "other_company", "federation", "epci")
NOT_BOOKER = ("anonymous", "person", "provider", "other_company", "federation")


def _resource(world: Any) -> Any:
    return make_resource(world.actor("provider"), quantity=3)


def resource(world: Any) -> dict[str, Any]:
    return {"pk": _resource(world).pk}


def request_to_provider(world: Any) -> dict[str, Any]:
    return {"pk": booked(_resource(world), 3, 5, booker=world.actor("company")).pk}


def started_booking(world: Any) -> dict[str, Any]:
    booking = past_booking(_resource(world), -2, 2, booker=world.actor("company"))
    return {"pk": booking.pk}


def own_organisation(name: str) -> Any:
    return lambda world: {"pk": world.organisations[name].pk}


def confirmed(world: Any) -> dict[str, Any]:
    return {"confirme": "oui"}


def booking_data(world: Any) -> dict[str, Any]:
    return {
        "starts_on": day(10).isoformat(),
        "ends_on": day(12).isoformat(),
        "quantity": 1,
        "purpose": "Atelier tablettes pour les seniors",
    }


CASES = {
    "partnerships:resource_catalogue": UrlAccess(allowed="company", denied=NOT_MEMBERS),
    "partnerships:resource_create": UrlAccess(allowed="association", denied=NOT_MEMBERS),
    "partnerships:booking_inbox": UrlAccess(allowed="provider", denied=NOT_MEMBERS),
    "partnerships:my_bookings": UrlAccess(allowed="company", denied=NOT_MEMBERS),
    "partnerships:resource_detail": UrlAccess(
        allowed="company", denied=NOT_MEMBERS, kwargs=resource
    ),
    "partnerships:resource_edit": UrlAccess(allowed="provider", denied=NOT_OWNER, kwargs=resource),
    "partnerships:resource_book": UrlAccess(
        allowed="company", denied=("anonymous", "person", "provider"), kwargs=resource
    ),
    "partnerships:resource_report": UrlAccess(
        allowed="provider",
        denied=("anonymous", "person", "company", "other_company", "epci"),
        kwargs=resource,
    ),
    "partnerships:resource_report_xlsx": UrlAccess(
        allowed="federation",
        denied=("anonymous", "person", "company", "other_company", "epci"),
        kwargs=resource,
    ),
    "partnerships:booking_approve": UrlAccess(
        allowed="provider",
        denied=NOT_OWNER,
        method="post",
        kwargs=request_to_provider,
        ok_status=(302,),
    ),
    "partnerships:booking_refuse": UrlAccess(
        allowed="provider", denied=NOT_OWNER, kwargs=request_to_provider
    ),
    "partnerships:booking_cancel": UrlAccess(
        allowed="company",
        denied=NOT_BOOKER,
        method="post",
        kwargs=request_to_provider,
        data=confirmed,
        ok_status=(302,),
    ),
    "partnerships:booking_return": UrlAccess(
        allowed="provider", denied=NOT_OWNER, kwargs=started_booking
    ),
    "partnerships:resource_member_report": UrlAccess(
        allowed="company",
        denied=("anonymous", "person", "other_company", "provider"),
        kwargs=own_organisation("company"),
    ),
    "partnerships:resource_member_report_xlsx": UrlAccess(
        allowed="federation",
        denied=("anonymous", "person", "other_company", "provider"),
        kwargs=own_organisation("company"),
    ),
    "api-1.0.0:partnerships_resources": UrlAccess(allowed="company", denied=NOT_MEMBERS),
    "api-1.0.0:partnerships_resource": UrlAccess(
        allowed="epci", denied=NOT_MEMBERS, kwargs=resource
    ),
    "api-1.0.0:partnerships_resource_bookings": UrlAccess(
        allowed="company",
        denied=NOT_MEMBERS,
        method="post",
        kwargs=resource,
        data=booking_data,
        ok_status=(400,),  # got in: a form-encoded body is not the JSON expected
    ),
    "api-1.0.0:partnerships_bookings": UrlAccess(allowed="company", denied=NOT_MEMBERS),
    "api-1.0.0:partnerships_booking_decision": UrlAccess(
        allowed="provider",
        denied=("anonymous", "person", "other_company", "epci"),
        method="post",
        kwargs=request_to_provider,
        # A form body is read too, so the table's client reaches the decision; JSON is tested
        # in test_resources_api.py.
        data=lambda w: {"action": "approve"},
    ),
}
