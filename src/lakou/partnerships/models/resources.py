"""Pooled teaching resources that member organisations lend each other, and their bookings.

A resource is course material (with its licence), a lab environment, software licences (a number
of seats) or equipment (a number of units), owned by one member organisation. A downloadable
course material has no quantity: it is unlimited and its bookings are never refused for lack of
units. Other resources have a quantity, and the approved bookings never hold more units than that
on any one day (`services/resources.py` checks it under a lock on the resource row).

A booking goes requested → approved | refused | cancelled; approved → cancelled (before it
starts) | returned (the owner notes the return and any damage).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lakou.core.validators import TITLE_MAX_LENGTH
from lakou.partnerships.models.actions import LONG_TEXT, SHORT_TEXT
from lakou.partnerships.resource_calendar import Span, peak_use

if TYPE_CHECKING:
    from lakou.core.actor import Actor


class ResourceKind(models.TextChoices):
    COURSE_MATERIAL = "course_material", _("Support de cours")
    LAB = "lab", _("Environnement de travaux pratiques")
    SOFTWARE_LICENCE = "software_licence", _("Licences de logiciel")
    EQUIPMENT = "equipment", _("Matériel")


class ContentLicence(models.TextChoices):
    CC_BY = "cc_by_4", _("Creative Commons BY 4.0")
    CC_BY_SA = "cc_by_sa_4", _("Creative Commons BY-SA 4.0")
    CC_BY_NC_SA = "cc_by_nc_sa_4", _("Creative Commons BY-NC-SA 4.0")
    CC0 = "cc0", _("CC0 (domaine public)")
    ETALAB = "etalab_2", _("Licence ouverte Etalab 2.0")
    PROPRIETARY = "proprietary", _("Propriétaire (tous droits réservés)")
    OTHER = "other", _("Autre licence (préciser)")


class ResourceQuerySet(models.QuerySet["Resource"]):
    def visible_to(self, actor: Actor) -> ResourceQuerySet:
        """Members of any organisation see the shared resources and their own organisation's,
        the federation every resource; people without an organisation see none."""
        if actor.is_federation:
            return self
        if actor.organisation_id is None:
            return self.none()
        return self.filter(Q(is_shared=True) | Q(owner_id=actor.organisation_id))

    def owned_by(self, organisation_id: int | None) -> ResourceQuerySet:
        return self.filter(owner_id=organisation_id)

    def with_place(self) -> ResourceQuerySet:
        return self.select_related("owner", "commune")

    def available_between(self, start: date, end: date) -> ResourceQuerySet:
        """Resources with at least one unit free on every day from `start` to `end`.

        The sum of the overlapping bookings decides most resources at once (a sum below the
        quantity cannot peak above it); only those whose sum reaches the quantity have their
        bookings read, in one query, and their peak computed day by day.
        """
        overlapping = Q(
            bookings__status__in=HOLDING_STATUSES,
            bookings__starts_on__lte=end,
            bookings__ends_on__gte=start,
        )
        summed = self.annotate(held=Sum("bookings__quantity", filter=overlapping))
        doubtful: list[tuple[int, int]] = [
            (pk, quantity or 0)
            for pk, quantity in summed.filter(
                quantity__isnull=False, held__gte=models.F("quantity")
            ).values_list("pk", "quantity")
        ]
        spans: dict[int, list[Span]] = {pk: [] for pk, _quantity in doubtful}
        for booking in (
            Booking.objects.filter(resource_id__in=spans)
            .holding()
            .overlapping(start, end)
            .values("resource_id", "starts_on", "ends_on", "quantity")
        ):
            spans[booking["resource_id"]].append(
                Span(booking["starts_on"], booking["ends_on"], booking["quantity"])
            )
        full = [pk for pk, quantity in doubtful if peak_use(spans[pk], start, end) >= quantity]
        return self.exclude(pk__in=full)


class Resource(models.Model):
    owner = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation propriétaire"),
        on_delete=models.PROTECT,
        related_name="pooled_resources",
    )
    kind = models.CharField(_("type de ressource"), max_length=20, choices=ResourceKind.choices)
    title = models.CharField(_("intitulé"), max_length=TITLE_MAX_LENGTH)
    description = models.TextField(_("description"), **LONG_TEXT)
    conditions = models.TextField(
        _("conditions d'utilisation"),
        blank=True,
        help_text=_("Par exemple : réservé aux formations gratuites, caution, transport."),
        **SHORT_TEXT,
    )
    licence = models.CharField(
        _("licence du contenu"), max_length=16, choices=ContentLicence.choices, blank=True
    )
    licence_details = models.CharField(
        _("précisions sur la licence"),
        max_length=TITLE_MAX_LENGTH,
        blank=True,
        help_text=_("Le nom de la licence si elle n'est pas dans la liste, ou ses conditions."),
    )
    quantity = models.PositiveIntegerField(
        _("quantité"),
        null=True,
        blank=True,
        help_text=_(
            "Nombre de postes, de licences ou d'unités prêtés en même temps. Laisser vide pour "
            "un support téléchargeable, sans limite."
        ),
    )
    commune = models.ForeignKey(
        "territory.Commune",
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pooled_resources",
    )
    venue = models.CharField(_("lieu"), max_length=TITLE_MAX_LENGTH, blank=True)
    is_shared = models.BooleanField(
        _("proposée au catalogue"),
        default=True,
        help_text=_("Décochez pour retirer la ressource du catalogue sans perdre son historique."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("partagée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("partagée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("ressource mutualisée")
        verbose_name_plural = _("ressources mutualisées")
        ordering = ["title", "pk"]
        indexes = [
            models.Index(fields=["is_shared", "kind"], name="resource_shared_kind"),
            models.Index(fields=["owner", "title"], name="resource_owner_title"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__isnull=True) | Q(quantity__gte=1),
                name="resource_quantity_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("partnerships:resource_detail", kwargs={"pk": self.pk})

    @property
    def is_unlimited(self) -> bool:
        return self.quantity is None


# The bookings that hold units on their dates: approved ones, and those already returned.
HOLDING_STATUSES = ("approved", "returned")


class BookingQuerySet(models.QuerySet["Booking"]):
    def holding(self) -> BookingQuerySet:
        return self.filter(status__in=HOLDING_STATUSES)

    def pending(self) -> BookingQuerySet:
        return self.filter(status=Booking.Status.REQUESTED)

    def overlapping(self, start: date, end: date) -> BookingQuerySet:
        """Bookings that share at least one day with `start`–`end` (both ends included)."""
        return self.filter(starts_on__lte=end, ends_on__gte=start)

    def visible_to(self, actor: Actor) -> BookingQuerySet:
        """The booker's and the owner's members see a booking; the federation every one."""
        if actor.is_federation:
            return self
        if actor.organisation_id is None:
            return self.none()
        return self.filter(
            Q(booker_id=actor.organisation_id) | Q(resource__owner_id=actor.organisation_id)
        )

    def for_owner(self, organisation_id: int | None) -> BookingQuerySet:
        return self.filter(resource__owner_id=organisation_id)

    def for_booker(self, organisation_id: int | None) -> BookingQuerySet:
        return self.filter(booker_id=organisation_id)

    def with_parties(self) -> BookingQuerySet:
        return self.select_related("resource__owner", "booker")


class Booking(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("Demandée")
        APPROVED = "approved", _("Acceptée")
        REFUSED = "refused", _("Refusée")
        CANCELLED = "cancelled", _("Annulée")
        RETURNED = "returned", _("Rendue")

    resource = models.ForeignKey(
        Resource, verbose_name=_("ressource"), on_delete=models.PROTECT, related_name="bookings"
    )
    booker = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation qui réserve"),
        on_delete=models.PROTECT,
        related_name="resource_bookings",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("demandée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    quantity = models.PositiveIntegerField(_("quantité"), default=1)
    starts_on = models.DateField(_("du"))
    ends_on = models.DateField(_("au"))
    purpose = models.TextField(_("usage prévu"), **SHORT_TEXT)
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    refusal_reason = models.TextField(_("motif du refus"), blank=True, **SHORT_TEXT)
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("décidée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    cancelled_at = models.DateTimeField(_("annulée le"), null=True, blank=True)
    returned_on = models.DateField(_("rendue le"), null=True, blank=True)
    damage_notes = models.TextField(_("dommages constatés"), blank=True, **SHORT_TEXT)
    created_at = models.DateTimeField(_("demandée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = BookingQuerySet.as_manager()

    class Meta:
        verbose_name = _("réservation de ressource")
        verbose_name_plural = _("réservations de ressources")
        ordering = ["starts_on", "pk"]
        indexes = [
            models.Index(fields=["resource", "status", "starts_on"], name="booking_resource_dates"),
            models.Index(fields=["booker", "starts_on"], name="booking_booker_start"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="booking_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="booking_quantity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.resource} — {self.booker} ({self.starts_on:%d/%m/%Y})"

    @property
    def span(self) -> Span:
        return Span(self.starts_on, self.ends_on, self.quantity)
