"""Mediation acts: what a mediator did for whom, logged on a phone in under a minute, in the
words of La Coop de la médiation numérique's activity records so that Martinique's acts count with
the national figures (docs/formats/actes-coop.md). A workshop's act is its attendance: marking who
came writes one collective act per mediator who led it."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lakou.mediation.models.mediators import Mediator
from lakou.mediation.models.venues import Venue
from lakou.mediation.models.workshops import MAX_CAPACITY, Workshop
from lakou.territory.models import Commune
from lakou.training.models import Programme

ACT_MIN_MINUTES = 5
ACT_MAX_MINUTES = 8 * 60


class ActKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Accompagnement individuel")
    COLLECTIVE = "collective", _("Atelier collectif")


class PlaceType(models.TextChoices):
    """Coop's `typeLieu`, with « autre » of its workshops."""

    VENUE = "venue", _("Dans un lieu de médiation")
    HOME = "home", _("À domicile")
    REMOTE = "remote", _("À distance (téléphone, visio)")
    OTHER = "other", _("Autre lieu")


class Theme(models.TextChoices):
    """Coop's `thematiques`: its codes as values, its labels in French."""

    DEVICE = "PrendreEnMainDuMateriel", _("Prendre en main du matériel")
    BROWSING = "NavigationSurInternet", _("Navigation sur internet")
    EMAIL = "Email", _("E-mail")
    OFFICE = "Bureautique", _("Bureautique")
    SOCIAL = "ReseauxSociaux", _("Réseaux sociaux, communication")
    HEALTH = "Sante", _("Santé")
    BANKING = "BanqueEtAchatsEnLigne", _("Banque et achats en ligne")
    ENTREPRENEURSHIP = "Entrepreneuriat", _("Entrepreneuriat")
    EMPLOYMENT = "InsertionProfessionnelle", _("Insertion professionnelle")
    SECURITY = "SecuriteNumerique", _("Prévention en sécurité numérique")
    PARENTING = "Parentalite", _("Parentalité")
    SCHOOL = "ScolariteEtNumerique", _("Scolarité et numérique")
    CREATING = "CreerAvecLeNumerique", _("Créer avec le numérique")
    CULTURE = "CultureNumerique", _("Culture numérique")


class ProcedureTheme(models.TextChoices):
    """Coop's `thematiquesDemarche`: online administrative procedures. Only a trained mediator
    (a valid certificate of a qualifying programme) logs them."""

    PAPERS = "PapiersElectionsCitoyennete", _("Papiers, élections, citoyenneté")
    FAMILY = "FamilleScolarite", _("Famille, scolarité")
    SOCIAL_HEALTH = "SocialSante", _("Social, santé")
    WORK = "TravailFormation", _("Travail, formation")
    HOUSING = "Logement", _("Logement")
    TRANSPORT = "TransportsMobilite", _("Transports, mobilité")
    MONEY = "ArgentImpots", _("Argent, impôts")
    JUSTICE = "Justice", _("Justice")
    FOREIGNERS = "EtrangersEurope", _("Étrangers, Europe")
    LEISURE = "LoisirsSportsCulture", _("Loisirs, sports, culture")


class Equipment(models.TextChoices):
    COMPUTER = "Ordinateur", _("Ordinateur")
    PHONE = "Telephone", _("Téléphone")
    TABLET = "Tablette", _("Tablette")
    OTHER = "Autre", _("Autre")
    NONE = "Aucun", _("Pas de matériel")


class Outcome(models.TextChoices):
    AUTONOMOUS = "autonomous", _("Autonome : la personne sait faire seule")
    FOLLOW_UP = "follow_up", _("À revoir : un autre rendez-vous est utile")
    REDIRECTED = "redirected", _("Orientée vers une formation ou une autre structure")


class Autonomy(models.TextChoices):
    """Coop's `autonomie`, for an individual act."""

    ACCOMPANIED = "EntierementAccompagne", _("Entièrement accompagnée")
    PARTLY = "PartiellementAutonome", _("A participé à l'accompagnement")
    AUTONOMOUS = "Autonome", _("Plutôt autonome")


class RedirectStructure(models.TextChoices):
    """Coop's `structureDeRedirection`."""

    OPERATOR = (
        "OperateurOuOrganismeEnCharge",
        _("Opérateur ou organisme en charge de la démarche administrative"),
    )
    PROCEDURES = (
        "AideAuxDemarchesAdministratives",
        _("Structure d'aide aux démarches administratives (France Services…)"),
    )
    ADMINISTRATION = "Administration", _("Administration (collectivité locale, préfecture…)")
    MEDIATION = "MediationNumerique", _("Structure de médiation numérique")
    OTHER = "Autre", _("Autre")


class AgeBand(models.TextChoices):
    """Coop's `trancheAge`."""

    SEVENTY_PLUS = "SoixanteDixPlus", _("70 ans et plus")
    SIXTIES = "SoixanteSoixanteNeuf", _("60 à 69 ans")
    FORTIES_FIFTIES = "QuaranteCinquanteNeuf", _("40 à 59 ans")
    TWENTY_FIVE = "VingtCinqTrenteNeuf", _("25 à 39 ans")
    EIGHTEEN = "DixHuitVingtQuatre", _("18 à 24 ans")
    TWELVE = "DouzeDixHuit", _("12 à 17 ans")
    UNDER_TWELVE = "MoinsDeDouze", _("Moins de 12 ans")
    UNKNOWN = "NonCommunique", _("Non communiqué")


class Situation(models.TextChoices):
    """Coop's `statutSocial`."""

    RETIRED = "Retraite", _("Retraité(e)")
    JOBLESS = "SansEmploi", _("Sans emploi")
    EMPLOYED = "EnEmploi", _("En emploi")
    SCHOOL = "Scolarise", _("Scolarisé(e)")
    UNKNOWN = "NonCommunique", _("Non communiqué ou varié")


class ActQuerySet(models.QuerySet["Act"]):
    def live(self) -> ActQuerySet:
        """Not withdrawn: the acts that count and may be paid."""
        return self.filter(withdrawn_at__isnull=True)

    def in_territory(self, code: str) -> ActQuerySet:
        if not code:
            return self
        if len(code) == 9:
            return self.filter(commune__epci__siren=code)
        return self.filter(commune__insee_code=code)


class Act(models.Model):
    mediator = models.ForeignKey(
        Mediator, verbose_name=_("médiateur"), on_delete=models.PROTECT, related_name="acts"
    )
    kind = models.CharField(_("type"), max_length=12, choices=ActKind.choices)
    workshop = models.ForeignKey(
        Workshop,
        verbose_name=_("atelier"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="acts",
        help_text=_("Écrit par la présence d'un atelier : un acte par médiateur qui l'anime."),
    )
    starts_at = models.DateTimeField(_("début"))
    duration_minutes = models.PositiveSmallIntegerField(_("durée (minutes)"))
    place_type = models.CharField(_("lieu"), max_length=8, choices=PlaceType.choices)
    venue = models.ForeignKey(
        Venue,
        verbose_name=_("lieu de médiation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="acts",
    )
    commune = models.ForeignKey(
        Commune, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    themes = models.JSONField(_("thèmes"), default=list, blank=True)
    procedure_themes = models.JSONField(_("démarches administratives"), default=list, blank=True)
    equipment = models.JSONField(_("matériel utilisé"), default=list, blank=True)
    participants = models.PositiveSmallIntegerField(_("participants"), default=1)
    outcome = models.CharField(_("suite"), max_length=12, choices=Outcome.choices, blank=True)
    autonomy = models.CharField(_("autonomie"), max_length=24, choices=Autonomy.choices, blank=True)
    redirected_programme = models.ForeignKey(
        Programme,
        verbose_name=_("formation conseillée"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    redirected_structure = models.CharField(
        _("structure vers laquelle la personne est orientée"),
        max_length=32,
        choices=RedirectStructure.choices,
        blank=True,
    )
    age_band = models.CharField(
        _("âge"), max_length=24, choices=AgeBand.choices, default=AgeBand.UNKNOWN
    )
    situation = models.CharField(
        _("situation"), max_length=16, choices=Situation.choices, default=Situation.UNKNOWN
    )
    first_time = models.BooleanField(_("première fois"), null=True, blank=True)
    logged_at = models.DateTimeField(_("saisi le"), auto_now_add=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saisi par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    late_approved_at = models.DateTimeField(_("retard accepté le"), null=True, blank=True)
    late_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("retard accepté par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("retiré le"), null=True, blank=True)

    objects = ActQuerySet.as_manager()

    class Meta:
        verbose_name = _("acte de médiation")
        verbose_name_plural = _("actes de médiation")
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["mediator", "starts_at"], name="act_mediator_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=ACT_MIN_MINUTES)
                & Q(duration_minutes__lte=ACT_MAX_MINUTES),
                name="act_duration_bounded",
            ),
            models.CheckConstraint(
                condition=Q(participants__gte=1) & Q(participants__lte=MAX_CAPACITY),
                name="act_participants_bounded",
            ),
            models.CheckConstraint(
                condition=Q(kind="collective") | Q(participants=1),
                name="act_individual_is_one_person",
            ),
            # A workshop's attendance writes one act per leading mediator, never two.
            models.UniqueConstraint(
                fields=["workshop", "mediator"],
                condition=Q(workshop__isnull=False),
                name="act_once_per_workshop_mediator",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.mediator} — {self.starts_at:%Y-%m-%d}"

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def is_procedure(self) -> bool:
        """Coop's « Aide aux démarches administratives »: an individual act on a procedure."""
        return self.kind == ActKind.INDIVIDUAL and bool(self.procedure_themes)
