"""Pooled resources: share, book, decide, cancel, return; availability and utilisation reports.

The booking rule: approved bookings never hold more units than the resource's quantity on any
one day. Pending requests do not count against the quantity (the owner may refuse them); a new
request is refused at once only when it could not fit beside the bookings already approved, and
the check that holds the rule runs again at approval. Both lock the resource row first
(`select_for_update`), so that two approvals on the same resource run one after the other on
PostgreSQL, and compute the peak use day by day (`resource_calendar.peak_use`).

`today` lets the demo write a past year as it would have stood then; pages and API leave it out.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from lakou.accounts.models import Membership, Organisation
from lakou.core.actor import Actor
from lakou.core.audit import audit_record
from lakou.core.notifications import notify_by_email
from lakou.partnerships.models import HOLDING_STATUSES, Booking, Resource, ResourceKind
from lakou.partnerships.perms import resources as perms
from lakou.partnerships.resource_calendar import (
    ResourceError,
    Span,
    Stretch,
    days_between,
    peak_use,
    stretches,
    used_days,
)

Status = Booking.Status

# The longest booking, so that a typing slip (2062 for 2026) is caught before it blocks a year.
MAX_BOOKING_DAYS = 366
# How far ahead a booking may start.
MAX_DAYS_AHEAD = 2 * 366
# The availability a resource page shows, from today.
AVAILABILITY_DAYS = 90

TRANSITIONS: dict[str, frozenset[str]] = {
    Status.REQUESTED: frozenset({Status.APPROVED, Status.REFUSED, Status.CANCELLED}),
    Status.APPROVED: frozenset({Status.CANCELLED, Status.RETURNED}),
    Status.REFUSED: frozenset(),
    Status.CANCELLED: frozenset(),
    Status.RETURNED: frozenset(),
}


def can_move(booking: Booking, to: str) -> bool:
    return to in TRANSITIONS.get(booking.status, frozenset())


def _today(today: date | None) -> date:
    return today or timezone.localdate()


# ---------------------------------------------------------------- resources


@dataclass(frozen=True)
class ResourceData:
    kind: str
    title: str
    description: str
    quantity: int | None = None
    conditions: str = ""
    licence: str = ""
    licence_details: str = ""
    commune_id: int | None = None
    venue: str = ""
    is_shared: bool = True


def _check_resource(data: ResourceData) -> None:
    if data.kind not in ResourceKind.values:
        raise ResourceError(_("Choisissez le type de ressource."), field="kind")
    if not data.title.strip():
        raise ResourceError(_("Donnez un intitulé à la ressource."), field="title")
    if data.quantity is not None and data.quantity < 1:
        raise ResourceError(_("La quantité est d'au moins 1."), field="quantity")
    if data.quantity is None and data.kind != ResourceKind.COURSE_MATERIAL:
        raise ResourceError(
            _(
                "Indiquez combien de postes, de licences ou d'unités vous prêtez en même temps : "
                "seul un support de cours téléchargeable peut être sans limite."
            ),
            field="quantity",
        )
    if data.licence == "other" and not data.licence_details.strip():
        raise ResourceError(
            _("Précisez la licence du contenu, puisqu'elle n'est pas dans la liste."),
            field="licence_details",
        )


def _fields(data: ResourceData) -> dict[str, Any]:
    return {
        "kind": data.kind,
        "title": data.title.strip(),
        "description": data.description.strip(),
        "conditions": data.conditions.strip(),
        "licence": data.licence,
        "licence_details": data.licence_details.strip(),
        "quantity": data.quantity,
        "commune_id": data.commune_id,
        "venue": data.venue.strip(),
        "is_shared": data.is_shared,
    }


def resource_create(*, actor: Actor, data: ResourceData) -> Resource:
    """A member organisation lends a resource to the others."""
    if not perms.can_share_resources(actor):
        raise PermissionDenied(_("Seuls les membres d'une organisation partagent des ressources."))
    _check_resource(data)
    assert actor.organisation_id is not None
    with transaction.atomic():
        resource = Resource.objects.create(
            owner_id=actor.organisation_id, created_by=actor.user, **_fields(data)
        )
        audit_record(actor=actor, action="resource.create", obj=resource)
    return resource


def resource_update(
    *, actor: Actor, resource: Resource, data: ResourceData, today: date | None = None
) -> Resource:
    """Change a resource; its quantity cannot fall below what approved bookings already hold."""
    if not perms.can_edit_resource(actor, resource):
        raise PermissionDenied(_("Seule l'organisation propriétaire modifie la ressource."))
    _check_resource(data)
    day = _today(today)
    with transaction.atomic():
        locked = Resource.objects.select_for_update().get(pk=resource.pk)
        if data.quantity is not None:
            held = _peak(locked, day, day + timedelta(days=MAX_DAYS_AHEAD + MAX_BOOKING_DAYS))
            if held > data.quantity:
                raise ResourceError(
                    _(
                        "Des réservations acceptées tiennent déjà %(held)s unités en même temps : "
                        "la quantité ne peut pas descendre en dessous."
                    )
                    % {"held": held},
                    field="quantity",
                )
        changes = {
            name: value for name, value in _fields(data).items() if getattr(locked, name) != value
        }
        for name, value in changes.items():
            setattr(locked, name, value)
        locked.save()
        audit_record(
            actor=actor,
            action="resource.update",
            obj=locked,
            changes={name: str(value) for name, value in changes.items()},
        )
    resource.refresh_from_db()
    return resource


# ---------------------------------------------------------------- availability


def _holding_spans(
    resource: Resource, start: date, end: date, *, without: int | None = None
) -> list[Span]:
    bookings = Booking.objects.filter(resource_id=resource.pk).holding().overlapping(start, end)
    if without is not None:
        bookings = bookings.exclude(pk=without)
    return [
        Span(row["starts_on"], row["ends_on"], row["quantity"])
        for row in bookings.values("starts_on", "ends_on", "quantity")
    ]


def _peak(resource: Resource, start: date, end: date, *, without: int | None = None) -> int:
    return peak_use(_holding_spans(resource, start, end, without=without), start, end)


def units_free(resource: Resource, start: date, end: date) -> int | None:
    """The units free on every day from `start` to `end`; None for an unlimited resource."""
    if resource.quantity is None:
        return None
    return max(resource.quantity - _peak(resource, start, end), 0)


@dataclass(frozen=True)
class Availability:
    start: date
    end: date
    used: int
    free: int | None


def availability(
    resource: Resource, *, start: date | None = None, days: int = AVAILABILITY_DAYS
) -> list[Availability]:
    """From `start` (today), the stretches of days with the same number of units free."""
    start = start or timezone.localdate()
    end = start + timedelta(days=days - 1)
    pieces: list[Stretch] = stretches(_holding_spans(resource, start, end), start, end)
    quantity = resource.quantity
    return [
        Availability(
            piece.start,
            piece.end,
            piece.used,
            None if quantity is None else max(quantity - piece.used, 0),
        )
        for piece in pieces
    ]


# ---------------------------------------------------------------- mail


def _emails_of(organisation_id: int) -> list[str]:
    return list(
        Membership.objects.active()
        .filter(organisation_id=organisation_id)
        .exclude(user__email="")
        .order_by("pk")
        .values_list("user__email", flat=True)
    )


SUBJECTS: dict[str, str] = {
    "requested": gettext_noop("Nouvelle demande de réservation : %(title)s"),
    "approved": gettext_noop("Votre réservation de « %(title)s » est acceptée"),
    "refused": gettext_noop("Votre réservation de « %(title)s » n'est pas acceptée"),
    "cancelled": gettext_noop("Réservation annulée : %(title)s"),
}


def _notify(booking: Booking, kind: str) -> None:
    """The owner learns of a request or a cancellation; the booker of a decision."""
    resource = booking.resource
    to_owner = kind in ("requested", "cancelled")
    recipients = _emails_of(resource.owner_id if to_owner else booking.booker_id)
    if not recipients:
        return
    notify_by_email(
        to=recipients,
        subject=_(SUBJECTS[kind]) % {"title": resource.title},
        template=f"partnerships/resources/emails/booking_{kind}.txt",
        context={
            "booking": booking,
            "resource": resource,
            "booker": booking.booker,
            "owner": resource.owner,
            "resource_url": settings.SITE_URL + resource.get_absolute_url(),
            "inbox_url": settings.SITE_URL + reverse("partnerships:booking_inbox"),
            "mine_url": settings.SITE_URL + reverse("partnerships:my_bookings"),
        },
    )


# ---------------------------------------------------------------- bookings


def _label(status: str) -> str:
    return str(Status(status).label)


def _check_transition(booking: Booking, to: str) -> None:
    if not can_move(booking, to):
        raise ResourceError(
            _("Une réservation « %(from)s » ne peut pas passer à « %(to)s ».")
            % {"from": _label(booking.status), "to": _label(to)}
        )


def _lock(booking: Booking) -> tuple[Resource, Booking]:
    """The resource, then the booking, locked in that order everywhere (no deadlock)."""
    resource = (
        Resource.objects.select_for_update(of=("self",))
        .select_related("owner")
        .get(pk=booking.resource_id)
    )
    locked = (
        Booking.objects.select_for_update(of=("self",)).select_related("booker").get(pk=booking.pk)
    )
    locked.resource = resource
    return resource, locked


def _no_room(resource: Resource, free: int) -> ResourceError:
    if free <= 0:
        return ResourceError(
            _(
                "La ressource est déjà entièrement réservée sur une partie de ces dates. "
                "Consultez ses disponibilités et choisissez d'autres dates."
            ),
            field="quantity",
        )
    return ResourceError(
        _(
            "Sur ces dates, il ne reste que %(free)s unité(s) libre(s) sur %(quantity)s chaque "
            "jour : demandez-en moins ou choisissez d'autres dates."
        )
        % {"free": free, "quantity": resource.quantity},
        field="quantity",
    )


def _check_room(
    resource: Resource, start: date, end: date, quantity: int, *, without: int | None = None
) -> None:
    if resource.quantity is None:
        return
    free = resource.quantity - _peak(resource, start, end, without=without)
    if quantity > free:
        raise _no_room(resource, max(free, 0))


def _check_dates(resource: Resource, start: date, end: date, quantity: int, today: date) -> None:
    if end < start:
        raise ResourceError(_("La date de fin est avant la date de début."), field="ends_on")
    if start < today:
        raise ResourceError(_("La date de début est déjà passée."), field="starts_on")
    if start > today + timedelta(days=MAX_DAYS_AHEAD):
        raise ResourceError(
            _("On réserve au plus deux ans à l'avance : vérifiez l'année."), field="starts_on"
        )
    if days_between(start, end) > MAX_BOOKING_DAYS:
        raise ResourceError(
            _("Une réservation dure au plus un an : vérifiez les dates."), field="ends_on"
        )
    if quantity < 1:
        raise ResourceError(_("Réservez au moins une unité."), field="quantity")
    if resource.quantity is not None and quantity > resource.quantity:
        raise ResourceError(
            _("La ressource ne compte que %(quantity)s unité(s).")
            % {"quantity": resource.quantity},
            field="quantity",
        )


def booking_request(
    *,
    actor: Actor,
    resource: Resource,
    starts_on: date,
    ends_on: date,
    purpose: str,
    quantity: int = 1,
    today: date | None = None,
) -> Booking:
    """A member organisation asks the owner for `quantity` units from `starts_on` to `ends_on`."""
    if not perms.can_book(actor, resource):
        if perms.is_member(actor) and resource.owner_id == actor.organisation_id:
            raise PermissionDenied(_("Votre organisation ne réserve pas ses propres ressources."))
        raise PermissionDenied(_("Cette ressource ne peut pas être réservée."))
    purpose = purpose.strip()
    if not purpose:
        raise ResourceError(_("Dites à quoi servira la ressource."), field="purpose")
    assert actor.organisation_id is not None
    day = _today(today)
    with transaction.atomic():
        locked = (
            Resource.objects.select_for_update(of=("self",))
            .select_related("owner")
            .get(pk=resource.pk)
        )
        if not locked.is_shared:
            raise ResourceError(_("Cette ressource n'est plus proposée au catalogue."))
        _check_dates(locked, starts_on, ends_on, quantity, day)
        _check_room(locked, starts_on, ends_on, quantity)
        booking = Booking.objects.create(
            resource=locked,
            booker_id=actor.organisation_id,
            requested_by=actor.user,
            quantity=quantity,
            starts_on=starts_on,
            ends_on=ends_on,
            purpose=purpose,
        )
        audit_record(actor=actor, action="booking.request", obj=booking)
        _notify(booking, "requested")
    return booking


def _audit(actor: Actor, booking: Booking, action: str, before: str, **extra: Any) -> None:
    audit_record(
        actor=actor,
        action=f"booking.{action}",
        obj=booking,
        changes={"from": before, "to": booking.status, **extra},
    )


def _require_owner(actor: Actor, booking: Booking) -> None:
    if not perms.can_decide_booking(actor, booking):
        raise PermissionDenied(_("Seule l'organisation propriétaire décide des réservations."))


def booking_approve(*, actor: Actor, booking: Booking, today: date | None = None) -> Booking:
    """Accept a request; refused when, on one of its days, the units left are too few."""
    _require_owner(actor, booking)
    day = _today(today)
    with transaction.atomic():
        resource, locked = _lock(booking)
        _check_transition(locked, Status.APPROVED)
        if locked.ends_on < day:
            raise ResourceError(_("Les dates de cette demande sont passées : refusez-la."))
        _check_room(resource, locked.starts_on, locked.ends_on, locked.quantity, without=locked.pk)
        before = locked.status
        locked.status = Status.APPROVED
        locked.decided_at = timezone.now()
        locked.decided_by = actor.user
        locked.save(update_fields=["status", "decided_at", "decided_by", "updated_at"])
        _audit(actor, locked, "approve", before)
        _notify(locked, "approved")
    booking.refresh_from_db()
    return booking


def booking_refuse(*, actor: Actor, booking: Booking, reason: str) -> Booking:
    """Refuse a request, with the reason the booker reads."""
    _require_owner(actor, booking)
    reason = reason.strip()
    if not reason:
        raise ResourceError(
            _("Expliquez à l'organisation pourquoi sa demande n'est pas acceptée."), field="reason"
        )
    with transaction.atomic():
        _resource, locked = _lock(booking)
        _check_transition(locked, Status.REFUSED)
        before = locked.status
        locked.status = Status.REFUSED
        locked.refusal_reason = reason
        locked.decided_at = timezone.now()
        locked.decided_by = actor.user
        locked.save(
            update_fields=["status", "refusal_reason", "decided_at", "decided_by", "updated_at"]
        )
        _audit(actor, locked, "refuse", before, reason=reason)
        _notify(locked, "refused")
    booking.refresh_from_db()
    return booking


def can_cancel(booking: Booking, today: date | None = None) -> bool:
    """A request or an approved booking is cancelled until the day before it starts."""
    return can_move(booking, Status.CANCELLED) and booking.starts_on > _today(today)


def booking_cancel(*, actor: Actor, booking: Booking, today: date | None = None) -> Booking:
    """The booker withdraws its request or booking before it starts; the owner is told."""
    if not perms.can_cancel_booking(actor, booking):
        raise PermissionDenied(_("Seule l'organisation qui a réservé annule sa réservation."))
    day = _today(today)
    with transaction.atomic():
        _resource, locked = _lock(booking)
        _check_transition(locked, Status.CANCELLED)
        if locked.starts_on <= day:
            raise ResourceError(
                _(
                    "La réservation a commencé : elle ne peut plus être annulée. Prévenez le propriétaire."
                )
            )
        before = locked.status
        locked.status = Status.CANCELLED
        locked.cancelled_at = timezone.now()
        locked.save(update_fields=["status", "cancelled_at", "updated_at"])
        _audit(actor, locked, "cancel", before)
        _notify(locked, "cancelled")
    booking.refresh_from_db()
    return booking


def booking_return(
    *,
    actor: Actor,
    booking: Booking,
    returned_on: date | None = None,
    damage_notes: str = "",
    today: date | None = None,
) -> Booking:
    """After use, the owner notes the return and any damage."""
    _require_owner(actor, booking)
    day = _today(today)
    returned_on = returned_on or day
    with transaction.atomic():
        _resource, locked = _lock(booking)
        _check_transition(locked, Status.RETURNED)
        if locked.starts_on > day:
            raise ResourceError(
                _("La réservation n'a pas commencé : son retour ne peut pas encore être noté.")
            )
        if returned_on < locked.starts_on or returned_on > day:
            raise ResourceError(
                _("La date de retour est entre le début de la réservation et aujourd'hui."),
                field="returned_on",
            )
        before = locked.status
        locked.status = Status.RETURNED
        locked.returned_on = returned_on
        locked.damage_notes = damage_notes.strip()
        locked.save(update_fields=["status", "returned_on", "damage_notes", "updated_at"])
        _audit(actor, locked, "return", before, damaged=bool(locked.damage_notes))
    booking.refresh_from_db()
    return booking


def booking_decide(
    *,
    actor: Actor,
    booking: Booking,
    action: str,
    reason: str = "",
    damage_notes: str = "",
    returned_on: date | None = None,
) -> Booking:
    """One entry for the API: approve, refuse, cancel or return."""
    if action == "approve":
        return booking_approve(actor=actor, booking=booking)
    if action == "refuse":
        return booking_refuse(actor=actor, booking=booking, reason=reason)
    if action == "cancel":
        return booking_cancel(actor=actor, booking=booking)
    if action == "return":
        return booking_return(
            actor=actor, booking=booking, returned_on=returned_on, damage_notes=damage_notes
        )
    raise ResourceError(_("Action inconnue."))


# ---------------------------------------------------------------- reports


@dataclass(frozen=True)
class MemberUse:
    organisation: str
    bookings: int
    unit_days: int


@dataclass(frozen=True)
class ResourceReport:
    resource: Resource
    start: date
    end: date
    days: int
    days_booked: int
    unit_days_used: int
    unit_days_available: int | None
    bookings: list[Booking]
    by_member: list[MemberUse]
    damages: list[Booking]
    by_status: dict[str, int] = field(default_factory=dict)

    @property
    def use_rate(self) -> float | None:
        """Unit-days used over unit-days available, as a share (None when unlimited)."""
        if not self.unit_days_available:
            return None
        return self.unit_days_used / self.unit_days_available

    @property
    def use_percent(self) -> float | None:
        """The use rate in percent, to one decimal."""
        rate = self.use_rate
        return None if rate is None else round(rate * 100, 1)


def _overlap_days(booking: Booking, start: date, end: date) -> int:
    return days_between(max(booking.starts_on, start), min(booking.ends_on, end))


def resource_report(resource: Resource, *, start: date, end: date) -> ResourceReport:
    """Use of one resource from `start` to `end`: held bookings count, refused and cancelled
    ones are listed but never used."""
    bookings = list(
        Booking.objects.filter(resource_id=resource.pk)
        .overlapping(start, end)
        .select_related("booker")
        .order_by("starts_on", "pk")
    )
    held = [b for b in bookings if b.status in HOLDING_STATUSES]
    days_booked, unit_days = used_days([b.span for b in held], start, end)
    days = days_between(start, end)
    per_member: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for booking in held:
        row = per_member[booking.booker.name]
        row[0] += 1
        row[1] += _overlap_days(booking, start, end) * booking.quantity
    by_status: dict[str, int] = defaultdict(int)
    for booking in bookings:
        by_status[booking.status] += 1
    return ResourceReport(
        resource=resource,
        start=start,
        end=end,
        days=days,
        days_booked=days_booked,
        unit_days_used=unit_days,
        unit_days_available=None if resource.quantity is None else resource.quantity * days,
        bookings=bookings,
        by_member=[
            MemberUse(name, count, used)
            for name, (count, used) in sorted(
                per_member.items(), key=lambda item: (-item[1][1], item[0])
            )
        ],
        damages=[b for b in bookings if b.damage_notes],
        by_status=dict(by_status),
    )


@dataclass(frozen=True)
class MemberReport:
    organisation: Organisation
    start: date
    end: date
    booked: list[Booking]
    lent: list[Booking]

    def unit_days(self, bookings: list[Booking]) -> int:
        return sum(
            _overlap_days(b, self.start, self.end) * b.quantity
            for b in bookings
            if b.status in HOLDING_STATUSES
        )

    @property
    def booked_unit_days(self) -> int:
        return self.unit_days(self.booked)

    @property
    def lent_unit_days(self) -> int:
        return self.unit_days(self.lent)


def member_report(organisation: Organisation, *, start: date, end: date) -> MemberReport:
    """What an organisation booked from the others and what it lent them, from `start` to `end`."""
    bookings = Booking.objects.overlapping(start, end).with_parties().order_by("starts_on", "pk")
    return MemberReport(
        organisation=organisation,
        start=start,
        end=end,
        booked=list(bookings.filter(booker_id=organisation.pk)),
        lent=list(bookings.filter(resource__owner_id=organisation.pk)),
    )


def overlap_days(booking: Booking, start: date, end: date) -> int:
    """Days of `booking` between `start` and `end`, both included."""
    return _overlap_days(booking, start, end)
