"""Workshops in the venues: their seats, the people registered (often by someone on their
behalf: many seniors have no e-mail), the waiting list and the attendance."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lakou.accounts.models import Organisation
from lakou.core.validators import (
    LONG_TEXT_MAX_LENGTH,
    SHORT_TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    text_bound,
    validate_phone,
)
from lakou.mediation.models.mediators import Mediator
from lakou.mediation.models.venues import Venue
from lakou.skills.models import Area

MIN_DURATION_MINUTES = 15
MAX_DURATION_MINUTES = 8 * 60
MAX_CAPACITY = 200


class Audience(models.TextChoices):
    SENIORS = "seniors", _("Seniors")
    SMALL_BUSINESSES = "small_businesses", _("TPE et PME")
    EVERYONE = "everyone", _("Tout public")


class Level(models.TextChoices):
    BEGINNER = "beginner", _("Débutant : aucune connaissance demandée")
    INTERMEDIATE = "intermediate", _("Intermédiaire : on sait déjà se servir de l'appareil")


class WorkshopQuerySet(models.QuerySet["Workshop"]):
    def published(self) -> WorkshopQuerySet:
        return self.filter(status=Workshop.Status.PUBLISHED)

    def coming(self, now: datetime) -> WorkshopQuerySet:
        return self.published().filter(starts_at__gte=now)

    def in_territory(self, code: str) -> WorkshopQuerySet:
        if not code:
            return self
        if len(code) == 9:
            return self.filter(venue__commune__epci__siren=code)
        return self.filter(venue__commune__insee_code=code)

    def with_counts(self) -> WorkshopQuerySet:
        held = Q(registrations__status=Registration.Status.CONFIRMED)
        waiting = Q(registrations__status=Registration.Status.WAITLISTED)
        return self.annotate(
            confirmed_count=models.Count("registrations", filter=held),
            waitlist_count=models.Count("registrations", filter=waiting),
        )


class Workshop(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        PUBLISHED = "published", _("Ouvert aux inscriptions")
        CANCELLED = "cancelled", _("Annulé")

    title = models.CharField(_("intitulé"), max_length=TITLE_MAX_LENGTH)
    description = models.TextField(
        _("présentation"), blank=True, **text_bound(LONG_TEXT_MAX_LENGTH)
    )
    topic = models.ForeignKey(
        Area,
        verbose_name=_("domaine (DigComp)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    level = models.CharField(_("niveau"), max_length=20, choices=Level.choices)
    audience = models.CharField(_("public"), max_length=20, choices=Audience.choices)
    venue = models.ForeignKey(
        Venue, verbose_name=_("lieu"), on_delete=models.PROTECT, related_name="workshops"
    )
    starts_at = models.DateTimeField(_("début"))
    duration_minutes = models.PositiveSmallIntegerField(_("durée (minutes)"))
    capacity = models.PositiveSmallIntegerField(_("places"))
    mediators = models.ManyToManyField(
        Mediator, verbose_name=_("médiateurs"), related_name="workshops", blank=True
    )
    organiser = models.ForeignKey(
        Organisation,
        verbose_name=_("organisé par"),
        on_delete=models.PROTECT,
        related_name="mediation_workshops",
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    cancellation_reason = models.TextField(
        _("motif d'annulation"), blank=True, **text_bound(SHORT_TEXT_MAX_LENGTH)
    )
    cancelled_at = models.DateTimeField(_("annulé le"), null=True, blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    objects = WorkshopQuerySet.as_manager()

    class Meta:
        verbose_name = _("atelier")
        verbose_name_plural = _("ateliers")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=1) & Q(capacity__lte=MAX_CAPACITY),
                name="workshop_capacity_bounded",
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=MIN_DURATION_MINUTES)
                & Q(duration_minutes__lte=MAX_DURATION_MINUTES),
                name="workshop_duration_bounded",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("mediation:workshop_detail", kwargs={"pk": self.pk})

    @property
    def state_label(self) -> str:
        """Its status as people say it: a published workshop that has begun is « Réalisé »."""
        from django.utils import timezone

        if self.status == Workshop.Status.PUBLISHED and self.starts_at <= timezone.now():
            return str(_("Réalisé"))
        return str(self.get_status_display())

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Inscrit(e)")
        WAITLISTED = "waitlisted", _("Sur liste d'attente")
        CANCELLED = "cancelled", _("Désinscrit(e)")

    workshop = models.ForeignKey(
        Workshop, verbose_name=_("atelier"), on_delete=models.CASCADE, related_name="registrations"
    )
    name = models.CharField(_("prénom et nom"), max_length=150)
    phone = models.CharField(_("téléphone"), max_length=20, blank=True, validators=[validate_phone])
    email = models.EmailField(_("adresse e-mail"), blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("inscrit(e) par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Le médiateur, l'agent de mairie ou d'EPCI qui a fait l'inscription."),
    )
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices)
    token = models.UUIDField(
        _("jeton d'annulation"), default=uuid.uuid4, unique=True, editable=False
    )
    attended = models.BooleanField(_("présent(e)"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("rappel envoyé le"), null=True, blank=True)
    created_at = models.DateTimeField(_("inscrit(e) le"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("désinscrit(e) le"), null=True, blank=True)

    class Meta:
        verbose_name = _("inscription à un atelier")
        verbose_name_plural = _("inscriptions aux ateliers")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(phone="", email=""), name="registration_reachable"),
            # One live registration per phone number, and per address, in a workshop.
            models.UniqueConstraint(
                fields=["workshop", "phone"],
                condition=~Q(phone="") & ~Q(status="cancelled"),
                name="registration_once_per_phone",
            ),
            models.UniqueConstraint(
                fields=["workshop", "email"],
                condition=~Q(email="") & ~Q(status="cancelled"),
                name="registration_once_per_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} — {self.workshop}"

    def get_cancel_url(self) -> str:
        return reverse("mediation:registration_cancel", kwargs={"token": self.token})
