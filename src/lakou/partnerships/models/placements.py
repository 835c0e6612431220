"""Offers posted by companies — internships, work-study contracts and jobs — and the applications.

An accepted application to a placement (internship, apprenticeship, professionalisation) becomes an
agreement between the learner, the host company and the school or provider
(`models/agreements.py`); an accepted application to a job has no agreement: the company confirms
the hire (`Application.hire_confirmed_at`).
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lakou.core.validators import SHORT_TEXT_MAX_LENGTH, TITLE_MAX_LENGTH, text_bound
from lakou.partnerships.models.actions import LONG_TEXT
from lakou.territory.models import territory_q

if TYPE_CHECKING:
    from lakou.core.actor import Actor

SHORT_TEXT = text_bound(SHORT_TEXT_MAX_LENGTH)


class PlacementKind(models.TextChoices):
    INTERNSHIP = "internship", _("Stage")
    APPRENTICESHIP = "apprenticeship", _("Contrat d'apprentissage")
    PROFESSIONALISATION = "professionalisation", _("Contrat de professionnalisation")
    JOB_PERMANENT = "job_permanent", _("CDI")
    JOB_FIXED_TERM = "job_fixed_term", _("CDD")
    FREELANCE = "freelance", _("Mission freelance")


# Placements have an agreement and count in indicator 3 (`placements-hosted`); jobs do neither.
PLACEMENT_KINDS: tuple[str, ...] = (
    PlacementKind.INTERNSHIP.value,
    PlacementKind.APPRENTICESHIP.value,
    PlacementKind.PROFESSIONALISATION.value,
)
JOB_KINDS: tuple[str, ...] = (
    PlacementKind.JOB_PERMANENT.value,
    PlacementKind.JOB_FIXED_TERM.value,
    PlacementKind.FREELANCE.value,
)
PLACEMENT_KIND_CHOICES = [(k, label) for k, label in PlacementKind.choices if k in PLACEMENT_KINDS]
# The public search's broad kinds (stage / alternance / emploi), each a set of kinds.
KIND_GROUPS: dict[str, tuple[str, ...]] = {
    "internships": (PlacementKind.INTERNSHIP.value,),
    "work_study": (PlacementKind.APPRENTICESHIP.value, PlacementKind.PROFESSIONALISATION.value),
    "jobs": JOB_KINDS,
}


def is_job_kind(kind: str) -> bool:
    return kind in JOB_KINDS


class PrivateStorage(FileSystemStorage):
    """Files that no URL serves (CVs): they are read only through a view that checks who asks.

    They live in `PRIVATE_MEDIA_ROOT` (by default `var/private`), outside `MEDIA_ROOT`, so that a
    web server publishing `/media/` never publishes them.
    """

    @property
    def base_location(self) -> str:
        default = Path(settings.VAR_DIR) / "private"
        return str(getattr(settings, "PRIVATE_MEDIA_ROOT", default))

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise ValueError("A private file has no public URL.")


PRIVATE_STORAGE = PrivateStorage()


class OfferQuerySet(models.QuerySet["Offer"]):
    def published(self) -> OfferQuerySet:
        return self.filter(status=Offer.Status.PUBLISHED)

    def of_company(self, organisation_id: int | None) -> OfferQuerySet:
        return self.filter(company_id=organisation_id)

    def in_territory(self, code: str | None) -> OfferQuerySet:
        """`code` is empty (all), an EPCI SIREN (9 digits) or a commune INSEE code."""
        return self.filter(territory_q(code))

    def with_place(self) -> OfferQuerySet:
        """What a card shows: the company, the commune (without its boundary), the occupation."""
        return self.select_related("company", "commune__epci", "occupation", "school").defer(
            "commune__boundary"
        )

    def visible_to(self, actor: Actor) -> OfferQuerySet:
        """Everyone sees published offers; the company also its drafts and closed offers, the
        federation every offer."""
        if actor.is_federation:
            return self
        if actor.organisation_id is not None:
            return self.filter(Q(status=Offer.Status.PUBLISHED) | Q(company=actor.organisation_id))
        return self.published()


def application_cv_path(instance: Application, filename: str) -> str:
    """A random name: the learner's file name (often their own name) never shows in the path."""
    return f"partnerships/cv/{instance.offer_id}/{uuid.uuid4().hex}.pdf"


class Offer(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        PUBLISHED = "published", _("Publiée")
        CLOSED = "closed", _("Pourvue ou close")

    company = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("entreprise d'accueil"),
        on_delete=models.PROTECT,
        related_name="placement_offers",
    )
    kind = models.CharField(_("type"), max_length=20, choices=PlacementKind.choices)
    title = models.CharField(_("intitulé"), max_length=TITLE_MAX_LENGTH)
    description = models.TextField(_("missions"), **LONG_TEXT)
    occupation = models.ForeignKey(
        "skills.Occupation",
        verbose_name=_("métier (ROME)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placement_offers",
    )
    competences = models.ManyToManyField(
        "skills.Competence",
        verbose_name=_("compétences"),
        blank=True,
        related_name="placement_offers",
    )
    commune = models.ForeignKey(
        "territory.Commune",
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        related_name="placement_offers",
    )
    starts_on = models.DateField(_("date de début"))
    # Empty for a CDI only (services/offers.py checks it).
    duration_weeks = models.PositiveIntegerField(_("durée (semaines)"), null=True, blank=True)
    weekly_hours = models.DecimalField(_("heures par semaine"), max_digits=4, decimal_places=1)
    monthly_pay = models.DecimalField(
        _("gratification ou salaire mensuel brut (€)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Laisser vide si la rémunération reste à définir."),
    )
    pay_notes = models.CharField(_("précisions sur la rémunération"), max_length=200, blank=True)
    school = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("école ou organisme de formation partenaire"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partner_offers",
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    valid_through = models.DateField(
        _("candidatures jusqu'au"),
        null=True,
        blank=True,
        help_text=_("Facultatif : après cette date, l'offre n'est plus proposée."),
    )
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    # Lowercase words without accents (skills.text.normalise) of the title, the missions, the
    # occupation and the company: the search matches « reseaux » and « RÉSEAUX » on every database.
    search_text = models.TextField(_("texte de recherche"), blank=True, editable=False)
    closed_at = models.DateTimeField(_("close le"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("créée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = OfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("offre de stage, d'alternance ou d'emploi")
        verbose_name_plural = _("offres de stage, d'alternance ou d'emploi")
        ordering = ["-published_at", "pk"]
        indexes = [models.Index(fields=["status", "starts_on"], name="offer_status_start")]
        constraints = [
            models.CheckConstraint(condition=Q(weekly_hours__gt=0), name="offer_weekly_hours"),
            models.CheckConstraint(
                condition=Q(duration_weeks__isnull=False) | Q(kind="job_permanent"),
                name="offer_duration_unless_permanent",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("partnerships:offer_detail", kwargs={"pk": self.pk})

    @property
    def is_job(self) -> bool:
        """A CDI, a CDD or a freelance mission: no agreement, the company confirms the hire."""
        return is_job_kind(self.kind)


class ApplicationQuerySet(models.QuerySet["Application"]):
    def open(self) -> ApplicationQuerySet:
        """Applications still waiting for the company's answer."""
        return self.filter(status__in=[Application.Status.NEW, Application.Status.EXAMINING])

    def of_company(self, organisation_id: int | None) -> ApplicationQuerySet:
        return self.filter(offer__company_id=organisation_id)

    def of_learner(self, user_id: int | None) -> ApplicationQuerySet:
        return self.filter(learner_id=user_id)

    def visible_to(self, actor: Actor) -> ApplicationQuerySet:
        """The learner sees their applications, the company's members those to its offers, the
        federation every one; nobody else any."""
        if actor.user is None:
            return self.none()
        mine = Q(learner_id=actor.user.pk)
        if actor.is_federation:
            return self
        if actor.is_company:
            mine |= Q(offer__company_id=actor.organisation_id)
        return self.filter(mine)

    def flagged(self) -> ApplicationQuerySet:
        """Flagged as unanswered and still waiting for an answer."""
        return self.open().filter(flagged_at__isnull=False)


class Application(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("Nouvelle")
        EXAMINING = "examining", _("En cours d'examen")
        ACCEPTED = "accepted", _("Acceptée")
        REFUSED = "refused", _("Refusée")
        WITHDRAWN = "withdrawn", _("Retirée par le candidat")

    class RefusalReason(models.TextChoices):
        FILLED = "filled", _("L'offre est déjà pourvue")
        PROFILE = "profile", _("Le profil ne correspond pas aux missions")
        DATES = "dates", _("Les dates ne conviennent pas")
        LEVEL = "level", _("Le niveau de formation ne convient pas")
        OTHER = "other", _("Autre raison")

    offer = models.ForeignKey(
        Offer, verbose_name=_("offre"), on_delete=models.CASCADE, related_name="applications"
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("candidat"),
        on_delete=models.CASCADE,
        related_name="placement_applications",
    )
    message = models.TextField(_("message"), **SHORT_TEXT)
    cv = models.FileField(
        _("CV (PDF)"),
        upload_to=application_cv_path,
        storage=PRIVATE_STORAGE,
        max_length=200,
        blank=True,
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    refusal_reason = models.CharField(
        _("motif du refus"), max_length=10, choices=RefusalReason.choices, blank=True
    )
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    # A job's accepted application: the company confirms that the person was hired.
    hire_confirmed_at = models.DateTimeField(_("embauche confirmée le"), null=True, blank=True)
    flagged_at = models.DateTimeField(
        _("signalée sans réponse le"),
        null=True,
        blank=True,
        help_text=_("Sans réponse 30 jours après l'envoi, la candidature est signalée."),
    )
    created_at = models.DateTimeField(_("envoyée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("candidature")
        verbose_name_plural = _("candidatures")
        ordering = ["-created_at", "pk"]
        indexes = [models.Index(fields=["status", "created_at"], name="application_status_sent")]
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "learner"],
                condition=~Q(status="withdrawn"),
                name="one_live_application_per_offer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.learner} → {self.offer}"
