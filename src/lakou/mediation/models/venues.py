"""Places where digital mediation happens, in the words of the national schema of the lieux de
médiation numérique (v1.0.2): each venue is one line of its export (docs/formats/lieux-mediation.md)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lakou.accounts.models import Organisation
from lakou.core.identifiers import siren_valid, siret_valid
from lakou.core.validators import (
    LONG_TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    text_bound,
    validate_phone,
)
from lakou.territory.models import Commune

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

SUMMARY_MAX_LENGTH = 280  # the schema's limit for `presentation_resume`
RNA_PATTERN = re.compile(r"W[0-9]{9}")


def validate_carrier_number(value: str) -> None:
    """A SIRET or SIREN (Luhn checked) or an association's RNA number, as the schema's `pivot`."""
    if siret_valid(value) or siren_valid(value) or RNA_PATTERN.fullmatch(value):
        return
    raise ValidationError(
        _(
            "Écrivez un SIRET (14 chiffres), un SIREN (9 chiffres) ou un numéro RNA (W et 9 chiffres)."
        ),
        code="invalid_carrier_number",
    )


class VenueKind(models.TextChoices):
    """The kinds the brief names; each has its data·inclusion typology code in the export."""

    TOWN_HALL = "town_hall", _("Mairie")
    LIBRARY = "library", _("Bibliothèque, médiathèque")
    FRANCE_SERVICES = "france_services", _("France Services")
    EPCI = "epci", _("Locaux de l'EPCI")
    ASSOCIATION = "association", _("Association")
    COMPANY = "company", _("Entreprise")


class Service(models.TextChoices):
    """The schema's list of services (its values, word for word)."""

    PROCEDURES = "Aide aux démarches administratives", _("Aide aux démarches administratives")
    EVERYDAY_TOOLS = (
        "Maîtrise des outils numériques du quotidien",
        _("Maîtrise des outils numériques du quotidien"),
    )
    EMPLOYMENT = (
        "Insertion professionnelle via le numérique",
        _("Insertion professionnelle via le numérique"),
    )
    SAFE_USE = "Utilisation sécurisée du numérique", _("Utilisation sécurisée du numérique")
    PARENTING = (
        "Parentalité et éducation avec le numérique",
        _("Parentalité et éducation avec le numérique"),
    )
    LEISURE = "Loisirs et créations numériques", _("Loisirs et créations numériques")
    UNDERSTANDING = "Compréhension du monde numérique", _("Compréhension du monde numérique")
    ACCESS = "Accès internet et matériel informatique", _("Accès internet et matériel informatique")
    SOLIDARITY_EQUIPMENT = (
        "Acquisition de matériel informatique à prix solidaire",
        _("Acquisition de matériel informatique à prix solidaire"),
    )


class Public(models.TextChoices):
    """`publics_specifiquement_adresses`, the schema's values."""

    YOUNG = "Jeunes", _("Jeunes")
    STUDENTS = "Étudiants", _("Étudiants")
    FAMILIES = "Familles et/ou enfants", _("Familles et/ou enfants")
    SENIORS = "Seniors", _("Seniors")
    WOMEN = "Femmes", _("Femmes")


class Support(models.TextChoices):
    """`prise_en_charge_specifique`, the schema's values."""

    DEAFNESS = "Surdité", _("Surdité")
    MOTOR = "Handicaps moteurs", _("Handicaps moteurs")
    MENTAL = "Handicaps mentaux", _("Handicaps mentaux")
    ILLITERACY = "Illettrisme", _("Illettrisme")
    ENGLISH = "Langues étrangères (anglais)", _("Langues étrangères (anglais)")
    OTHER_LANGUAGES = "Langues étrangères (autres)", _("Langues étrangères (autres)")
    VISUAL = "Déficience visuelle", _("Déficience visuelle")


class Fee(models.TextChoices):
    FREE = "Gratuit", _("Gratuit")
    FREE_UNDER_CONDITION = "Gratuit sous condition", _("Gratuit sous condition")
    PAID = "Payant", _("Payant")


class Access(models.TextChoices):
    """`modalites_acces`, the schema's values."""

    WALK_IN = "Se présenter", _("Se présenter")
    PHONE = "Téléphoner", _("Téléphoner")
    EMAIL = "Contacter par mail", _("Contacter par mail")
    ONLINE_BOOKING = "Prendre un RDV en ligne", _("Prendre un RDV en ligne")
    NO_PUBLIC = "Ce lieu n'accueille pas de public", _("Ce lieu n'accueille pas de public")
    PRESCRIPTION = (
        "Envoyer un mail avec une fiche de prescription",
        _("Envoyer un mail avec une fiche de prescription"),
    )


class Guidance(models.TextChoices):
    """`modalites_accompagnement`, the schema's values."""

    AUTONOMOUS = "En autonomie", _("En autonomie")
    INDIVIDUAL = "Accompagnement individuel", _("Accompagnement individuel")
    WORKSHOP = "Dans un atelier collectif", _("Dans un atelier collectif")
    REMOTE = "À distance", _("À distance")


def _choices_field(label: StrOrPromise, choices: type[models.TextChoices]) -> Any:
    """A list of values from `choices`, stored as a JSON list (written `a|b` in the export)."""
    return models.JSONField(
        label, default=list, blank=True, help_text=", ".join(str(c.label) for c in choices)
    )


class VenueQuerySet(models.QuerySet["Venue"]):
    def published(self) -> VenueQuerySet:
        return self.filter(is_published=True)

    def in_territory(self, code: str) -> VenueQuerySet:
        """An EPCI's SIREN (9 digits) or a commune's INSEE code; empty: everywhere."""
        if not code:
            return self
        if len(code) == 9:
            return self.filter(commune__epci__siren=code)
        return self.filter(commune__insee_code=code)


class Venue(models.Model):
    name = models.CharField(_("nom du lieu"), max_length=TITLE_MAX_LENGTH)
    kind = models.CharField(_("type de lieu"), max_length=20, choices=VenueKind.choices)
    carrier_name = models.CharField(
        _("structure porteuse"),
        max_length=TITLE_MAX_LENGTH,
        help_text=_("La commune, l'association ou l'entreprise qui porte le lieu."),
    )
    carrier_number = models.CharField(
        _("SIRET, SIREN ou RNA de la structure porteuse"),
        max_length=14,
        validators=[validate_carrier_number],
        help_text=_(
            "14 chiffres (SIRET), 9 chiffres (SIREN) ou le numéro RNA d'une association "
            "(W suivi de 9 chiffres) : l'identifiant « pivot » du lieu dans l'export national."
        ),
    )
    manager = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation qui tient la fiche à jour"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mediation_venues",
    )
    commune = models.ForeignKey(
        Commune, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    postal_code = models.CharField(_("code postal"), max_length=5)
    address = models.CharField(_("adresse"), max_length=TITLE_MAX_LENGTH)
    address_complement = models.CharField(
        _("complément d'adresse"), max_length=TITLE_MAX_LENGTH, blank=True
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    opening_hours = models.CharField(
        _("horaires d'ouverture"),
        max_length=TITLE_MAX_LENGTH,
        blank=True,
        help_text=_(
            "Au format OpenStreetMap, par exemple : Mo-Fr 08:00-12:00,14:00-17:00; Sa 08:00-12:00"
        ),
    )
    phone = models.CharField(_("téléphone"), max_length=20, blank=True, validators=[validate_phone])
    email = models.EmailField(_("courriel"), blank=True)
    website = models.URLField(_("site web"), blank=True)
    summary = models.CharField(
        _("présentation en une phrase"), max_length=SUMMARY_MAX_LENGTH, blank=True
    )
    presentation = models.TextField(
        _("présentation détaillée"), blank=True, **text_bound(LONG_TEXT_MAX_LENGTH)
    )
    accessibility = models.CharField(
        _("accessibilité"),
        max_length=TITLE_MAX_LENGTH,
        blank=True,
        help_text=_("Par exemple : plain-pied, ascenseur, place réservée, boucle magnétique."),
    )
    computers = models.PositiveSmallIntegerField(_("ordinateurs en accès libre"), default=0)
    has_wifi = models.BooleanField(_("Wi-Fi"), default=False)
    has_projector = models.BooleanField(_("vidéoprojecteur"), default=False)
    capacity = models.PositiveSmallIntegerField(
        _("places pour un atelier"),
        default=0,
        help_text=_(
            "Le nombre de personnes qu'un atelier collectif peut accueillir ; 0 s'il n'en accueille pas."
        ),
    )
    services = _choices_field(_("services"), Service)
    publics = _choices_field(_("publics spécifiquement accueillis"), Public)
    supports = _choices_field(_("prise en charge spécifique"), Support)
    fees = _choices_field(_("frais à charge"), Fee)
    access_modes = _choices_field(_("modalités d'accès"), Access)
    guidance_modes = _choices_field(_("modalités d'accompagnement"), Guidance)
    booking_url = models.URLField(_("prise de rendez-vous en ligne"), blank=True)
    is_published = models.BooleanField(
        _("publié"), default=True, help_text=_("Paraît sur la carte publique et dans l'export.")
    )
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    objects = VenueQuerySet.as_manager()

    class Meta:
        verbose_name = _("lieu de médiation")
        verbose_name_plural = _("lieux de médiation")
        ordering = ["commune__name", "name", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("mediation:venue_detail", kwargs={"pk": self.pk})
