"""Pooled resources API: the members' catalogue, sharing, booking and the decisions."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Schema, Status
from ninja.errors import HttpError
from pydantic import BeforeValidator, TypeAdapter

from lakou.api.auth import TokenAuth, request_actor
from lakou.api.body import body_schema, read_body, validate_body
from lakou.api.errors import errors
from lakou.api.pagination import Rows, paginated
from lakou.api.params import NOT_BLANK, IsoDate, json_integer
from lakou.api.routers import Router
from lakou.core.actor import Actor
from lakou.core.validators import (
    LONG_TEXT_MAX_LENGTH,
    SHORT_TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
)
from lakou.partnerships.models import Booking, Resource
from lakou.partnerships.perms import resources as perms
from lakou.partnerships.resource_calendar import ResourceError
from lakou.partnerships.services.resources import (
    ResourceData,
    availability,
    booking_decide,
    booking_request,
    resource_create,
)
from lakou.territory.models import Commune

router = Router(tags=["Ressources mutualisées"])

MEMBERS = TokenAuth(
    allowed=perms.is_member,
    refusal=gettext_lazy("Réservé aux membres d'une organisation."),
)
PAGE_SIZE = 50

Kind = Literal["course_material", "lab", "software_licence", "equipment"]
LicenceCode = Literal[
    "", "cc_by_4", "cc_by_sa_4", "cc_by_nc_sa_4", "cc0", "etalab_2", "proprietary", "other"
]
INSEE = r"^(97[0-9]{3})$"


class AvailabilityOut(Schema):
    start: date
    end: date
    used: int = Field(description="Unités tenues par des réservations acceptées chaque jour")
    free: int | None = Field(description="Unités libres chaque jour (null : sans limite)")


class ResourceOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    description: str
    conditions: str
    licence: str
    licence_details: str
    quantity: int | None = Field(description="Unités prêtées en même temps (null : sans limite)")
    owner: str
    owner_id: int
    commune: str | None = Field(description="Code INSEE de la commune")
    venue: str
    is_shared: bool
    url: str


class ResourceDetailOut(ResourceOut):
    availability: list[AvailabilityOut] = Field(description="Les 90 prochains jours")


# A JSON integer (never `true` nor "2"), bounds in the schema and checked.
Quantity = Annotated[int, Field(ge=1, le=10_000), BeforeValidator(json_integer)]


class ResourceIn(Schema):
    kind: Kind
    title: str = Field(min_length=1, max_length=TITLE_MAX_LENGTH, pattern=NOT_BLANK)
    description: str = Field(min_length=1, max_length=LONG_TEXT_MAX_LENGTH, pattern=NOT_BLANK)
    quantity: Quantity | None = Field(
        None, description="Laisser vide pour un support téléchargeable"
    )
    conditions: str = Field("", max_length=SHORT_TEXT_MAX_LENGTH)
    licence: LicenceCode = ""
    licence_details: str = Field("", max_length=TITLE_MAX_LENGTH)
    commune: str | None = Field(None, pattern=INSEE, description="Code INSEE de la commune")
    venue: str = Field("", max_length=TITLE_MAX_LENGTH)
    is_shared: bool = True


class ResourceFilters(Schema):
    kind: Kind | None = None
    commune: str | None = Field(None, pattern=INSEE, description="Code INSEE de la commune")
    free_from: IsoDate | None = Field(None, description="Libre à partir de ce jour (inclus)")
    free_to: IsoDate | None = Field(None, description="Libre jusqu'à ce jour (inclus)")


class BookingIn(Schema):
    starts_on: date = Field(description="Premier jour, aujourd'hui au plus tôt")
    ends_on: date = Field(description="Dernier jour, inclus ; un an au plus après le premier")
    quantity: Quantity = 1
    purpose: str = Field(min_length=1, max_length=SHORT_TEXT_MAX_LENGTH, pattern=NOT_BLANK)


BOOKING_IN = TypeAdapter(BookingIn)


class BookingOut(Schema):
    id: int
    resource: int
    resource_title: str
    owner: str
    booker: str
    booker_id: int
    quantity: int
    starts_on: date
    ends_on: date
    purpose: str
    status: str
    status_label: str
    refusal_reason: str
    returned_on: date | None
    damage_notes: str
    requested_at: datetime


class ApproveIn(Schema):
    action: Literal["approve"]


class RefuseIn(Schema):
    action: Literal["refuse"]
    reason: str = Field(min_length=1, max_length=SHORT_TEXT_MAX_LENGTH, pattern=NOT_BLANK)


class CancelIn(Schema):
    action: Literal["cancel"]


class ReturnIn(Schema):
    action: Literal["return"]
    returned_on: date | None = Field(None, description="Aujourd'hui sans ce champ")
    damage_notes: str = Field("", max_length=SHORT_TEXT_MAX_LENGTH)


DECISION_IN: TypeAdapter[ApproveIn | RefuseIn | CancelIn | ReturnIn] = TypeAdapter(
    Annotated[ApproveIn | RefuseIn | CancelIn | ReturnIn, Field(discriminator="action")]
)


def _resource_out(request: HttpRequest, resource: Resource) -> ResourceOut:
    return ResourceOut(**_resource_fields(request, resource))


def _resource_fields(request: HttpRequest, resource: Resource) -> dict[str, Any]:
    return {
        "id": resource.pk,
        "kind": resource.kind,
        "kind_label": resource.get_kind_display(),
        "title": resource.title,
        "description": resource.description,
        "conditions": resource.conditions,
        "licence": resource.licence,
        "licence_details": resource.licence_details,
        "quantity": resource.quantity,
        "owner": resource.owner.name,
        "owner_id": resource.owner_id,
        "commune": resource.commune.insee_code if resource.commune else None,
        "venue": resource.venue,
        "is_shared": resource.is_shared,
        "url": request.build_absolute_uri(resource.get_absolute_url()),
    }


def _booking_out(booking: Booking) -> BookingOut:
    return BookingOut(
        id=booking.pk,
        resource=booking.resource_id,
        resource_title=booking.resource.title,
        owner=booking.resource.owner.name,
        booker=booking.booker.name,
        booker_id=booking.booker_id,
        quantity=booking.quantity,
        starts_on=booking.starts_on,
        ends_on=booking.ends_on,
        purpose=booking.purpose,
        status=booking.status,
        status_label=booking.get_status_display(),
        refusal_reason=booking.refusal_reason,
        returned_on=booking.returned_on,
        damage_notes=booking.damage_notes,
        requested_at=booking.created_at,
    )


def _resource_for(actor: Actor, pk: int) -> Resource:
    resource = Resource.objects.visible_to(actor).with_place().filter(pk=pk).first()
    if resource is None:
        raise HttpError(404, _("Ressource introuvable."))
    return resource


@router.get(
    "/ressources",
    response={200: list[ResourceOut], **errors(403)},
    auth=MEMBERS,
    url_name="partnerships_resources",
    summary="Catalogue des ressources mutualisées (membres), avec filtres",
)
@paginated(page_size=PAGE_SIZE)
def resource_list(request: HttpRequest, filters: Query[ResourceFilters]) -> Rows:
    """`free_from`–`free_to` : au moins une unité libre chaque jour de la période (une seule
    date : ce jour-là)."""
    actor = request_actor(request)
    resources = Resource.objects.visible_to(actor).filter(is_shared=True).with_place()
    if filters.kind:
        resources = resources.filter(kind=filters.kind)
    if filters.commune:
        resources = resources.filter(commune__insee_code=filters.commune)
    dates = sorted(day for day in (filters.free_from, filters.free_to) if day is not None)
    if dates:
        # One date alone is that day; two in either order are the days between them.
        resources = resources.available_between(dates[0], dates[-1])
    return Rows(
        resources.order_by("title", "pk"),
        convert=lambda resource: _resource_out(request, resource),
    )


@router.post(
    "/ressources",
    response={201: ResourceOut, **errors(403, 409)},
    auth=MEMBERS,
    url_name="partnerships_resources",
    summary="Partager une ressource au nom de son organisation",
)
def resource_share(request: HttpRequest, payload: ResourceIn) -> Status[ResourceOut]:
    actor = request_actor(request)
    commune_id = None
    if payload.commune:
        commune = Commune.objects.filter(insee_code=payload.commune).first()
        if commune is None:
            raise HttpError(
                409, _("Commune inconnue : donnez le code INSEE d'une commune de Martinique.")
            )
        commune_id = commune.pk
    data = ResourceData(
        **payload.dict(exclude={"commune"}),
        commune_id=commune_id,
    )
    try:
        resource = resource_create(actor=actor, data=data)
    except ResourceError as error:
        raise HttpError(409, error.message) from error
    return Status(201, _resource_out(request, _resource_for(actor, resource.pk)))


@router.get(
    "/ressources/{pk}",
    response={200: ResourceDetailOut, **errors(403)},
    auth=MEMBERS,
    url_name="partnerships_resource",
    summary="Une ressource et ses disponibilités des 90 prochains jours",
)
def resource_read(request: HttpRequest, pk: int) -> ResourceDetailOut:
    resource = _resource_for(request_actor(request), pk)
    return ResourceDetailOut(
        **_resource_fields(request, resource),
        availability=[
            AvailabilityOut(start=a.start, end=a.end, used=a.used, free=a.free)
            for a in availability(resource)
        ],
    )


@router.post(
    "/ressources/{pk}/reservations",
    response={201: BookingOut, **errors(403, 409)},
    auth=MEMBERS,
    url_name="partnerships_resource_bookings",
    summary="Demander à réserver une ressource d'une autre organisation",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": body_schema(BOOKING_IN)}},
        }
    },
)
def resource_book(request: HttpRequest, pk: int) -> Status[BookingOut]:
    """Refusée (409) quand les unités libres manquent sur un des jours demandés."""
    actor = request_actor(request)
    resource = _resource_for(actor, pk)
    body = read_body(request, BOOKING_IN)
    try:
        booking = booking_request(
            actor=actor,
            resource=resource,
            starts_on=body.starts_on,
            ends_on=body.ends_on,
            quantity=body.quantity,
            purpose=body.purpose,
        )
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from error
    except ResourceError as error:
        raise HttpError(409, error.message) from error
    return Status(201, _booking_out(Booking.objects.with_parties().get(pk=booking.pk)))


class BookingFilters(Schema):
    side: Literal["booked", "lent"] = Field(
        "booked", description="booked : ce que mon organisation réserve ; lent : ce qu'elle prête"
    )
    status: Literal["requested", "approved", "refused", "cancelled", "returned"] | None = None


@router.get(
    "/reservations",
    response={200: list[BookingOut], **errors(403)},
    auth=MEMBERS,
    url_name="partnerships_bookings",
    summary="Les réservations de mon organisation, réservées ou prêtées",
)
@paginated(page_size=PAGE_SIZE)
def booking_list(request: HttpRequest, filters: Query[BookingFilters]) -> Rows:
    actor = request_actor(request)
    bookings = (
        Booking.objects.for_booker(actor.organisation_id)
        if filters.side == "booked"
        else Booking.objects.for_owner(actor.organisation_id)
    )
    if filters.status:
        bookings = bookings.filter(status=filters.status)
    return Rows(bookings.with_parties().order_by("-starts_on", "-pk"), convert=_booking_out)


@router.post(
    "/reservations/{pk}/decision",
    response={200: BookingOut, **errors(403, 409)},
    auth=MEMBERS,
    url_name="partnerships_booking_decision",
    summary="Accepter, refuser, noter le retour (propriétaire) ou annuler (qui a réservé)",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": body_schema(DECISION_IN)}},
        }
    },
)
def booking_decision(request: HttpRequest, pk: int) -> BookingOut:
    """Une transition refusée (plus assez d'unités, état incompatible) répond 409 avec le motif."""
    actor = request_actor(request)
    booking = Booking.objects.visible_to(actor).with_parties().filter(pk=pk).first()
    if booking is None:
        raise HttpError(404, _("Réservation introuvable."))
    if request.content_type == "application/json":
        payload = read_body(request, DECISION_IN)
    else:
        payload = validate_body(DECISION_IN, request.POST.dict())
    try:
        booking_decide(
            actor=actor,
            booking=booking,
            action=payload.action,
            reason=getattr(payload, "reason", ""),
            damage_notes=getattr(payload, "damage_notes", ""),
            returned_on=getattr(payload, "returned_on", None),
        )
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from error
    except ResourceError as error:
        raise HttpError(409, error.message) from error
    return _booking_out(Booking.objects.with_parties().get(pk=booking.pk))
