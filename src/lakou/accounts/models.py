from __future__ import annotations

import hashlib
from collections.abc import Collection
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar, Self

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lakou.accounts.signals import organisations_renamed
from lakou.core.validators import (
    validate_activity_number,
    validate_naf,
    validate_phone,
    validate_siren,
    validate_siret,
)
from lakou.territory.models import territory_q

if TYPE_CHECKING:
    from lakou.core.actor import Actor


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person. E-mail is the login; a password is optional (login by e-mailed code)."""

    username = None  # type: ignore[assignment]
    email = models.EmailField(_("adresse e-mail"), unique=True)
    # E.164 (+596696123456), as `normalise_phone` writes it.
    phone = models.CharField(_("téléphone"), max_length=20, blank=True, validators=[validate_phone])

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.email


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def visible_to(self, actor: Actor) -> OrganisationQuerySet:
        """Federation staff see every organisation; others see the ones they belong to."""
        if actor.user is None:
            return self.none()
        if actor.is_federation:
            return self
        return self.filter(memberships__user=actor.user, memberships__is_active=True).distinct()

    def companies(self) -> OrganisationQuerySet:
        return self.filter(kind=Organisation.Kind.COMPANY)

    def active_between(self, start: date, end: date) -> OrganisationQuerySet:
        """Open at some point of [start, end]: created by the end, not closed before the start.

        A company marked closed without a closing date counts as closed for the whole period.
        """
        return self.filter(
            models.Q(registry_created_on__isnull=True) | models.Q(registry_created_on__lte=end),
            models.Q(is_closed=False) | models.Q(registry_closed_on__gte=start),
        )

    def in_territory(self, code: str | None) -> OrganisationQuerySet:
        """`code` is empty (all), an EPCI SIREN (9 digits) or a commune INSEE code (5 characters)."""
        return self.filter(territory_q(code))


class Organisation(models.Model):
    class Kind(models.TextChoices):
        FEDERATION = "federation", _("Fédération du numérique")
        EPCI = "epci", _("EPCI")
        COMPANY = "company", _("Entreprise")
        PROVIDER = "provider", _("Organisme de formation")
        AUDITOR = "auditor", _("Cabinet d'audit")
        ASSOCIATION = "association", _("Association")
        TOWN_HALL = "town_hall", _("Mairie")

    class SizeBand(models.TextChoices):
        TPE = "tpe", _("TPE (moins de 10 salariés)")
        PME = "pme", _("PME (10 à 249 salariés)")
        LARGE = "large", _("Grande entreprise (250 salariés et plus)")

    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    siret = models.CharField(
        _("SIRET"), max_length=14, blank=True, validators=[validate_siret], db_index=True
    )
    siren = models.CharField(_("SIREN"), max_length=9, blank=True, validators=[validate_siren])
    naf_code = models.CharField(_("code NAF"), max_length=6, blank=True, validators=[validate_naf])
    size_band = models.CharField(_("taille"), max_length=10, choices=SizeBand.choices, blank=True)
    commune = models.ForeignKey(
        "territory.Commune",
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
    )
    epci = models.ForeignKey(
        "territory.Epci",
        verbose_name=_("EPCI représenté"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        help_text=_("Seulement pour une organisation de type EPCI."),
    )
    email = models.EmailField(_("e-mail de contact"), blank=True)
    # A training provider's « numéro de déclaration d'activité » (NDA) and postal address: LHEO
    # requires both for the provider of every published offer.
    activity_number = models.CharField(
        _("numéro de déclaration d'activité"),
        max_length=11,
        blank=True,
        validators=[validate_activity_number],
        help_text=_("11 chiffres, donnés par la DREETS à l'enregistrement de l'organisme."),
    )
    street_address = models.CharField(_("adresse (numéro et rue)"), max_length=200, blank=True)
    # Company registry (SIRENE-style import): the denominator of "companies diagnosed".
    headcount_band = models.CharField(
        _("tranche d'effectif (code INSEE)"), max_length=2, blank=True
    )
    registry_created_on = models.DateField(_("date de création"), null=True, blank=True)
    is_closed = models.BooleanField(_("fermée"), default=False)
    registry_closed_on = models.DateField(_("date de fermeture"), null=True, blank=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()
    _loaded_name: str | None = None

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["siret"], condition=~models.Q(siret=""), name="unique_organisation_siret"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Saves; a new name is announced (`accounts.signals.organisations_renamed`)."""
        loaded = self._loaded_name
        fields = kwargs.get("update_fields")
        renamed = (
            self.pk is not None
            and loaded is not None
            and loaded != self.name
            and (fields is None or "name" in fields)
        )
        super().save(*args, **kwargs)
        self._loaded_name = self.name
        if renamed:
            organisations_renamed.send(sender=Organisation, pks=[self.pk])

    def get_absolute_url(self) -> str:
        return reverse("accounts:organisation_detail", kwargs={"pk": self.pk})

    @classmethod
    def from_db(
        cls, db: str | None, field_names: Collection[str], values: Collection[Any], **kwargs: Any
    ) -> Self:
        instance = super().from_db(db, field_names, values, **kwargs)
        # The name as read, to tell a rename on save (None when the name was deferred).
        instance._loaded_name = instance.__dict__.get("name")
        return instance

    @staticmethod
    def size_band_for_headcount(headcount: int) -> str:
        if headcount < 10:
            return Organisation.SizeBand.TPE
        if headcount < 250:
            return Organisation.SizeBand.PME
        return Organisation.SizeBand.LARGE


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self) -> MembershipQuerySet:
        return self.filter(is_active=True)

    def for_user(self, user: User) -> MembershipQuerySet:
        return self.filter(user=user).select_related("organisation").order_by("organisation__name")


class Membership(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrateur")
        MEMBER = "member", _("Membre")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utilisateur"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("rôle"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("appartenance")
        verbose_name_plural = _("appartenances")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="unique_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.organisation} ({self.get_role_display()})"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def usable(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True).select_related("user", "organisation")

    def visible_to(self, actor: Actor) -> ApiTokenQuerySet:
        if actor.user is None:
            return self.none()
        return self.filter(user=actor.user)


class ApiToken(models.Model):
    """A personal API token acting for one organisation (or for the person alone). Stored hashed."""

    PREFIX = "lakou_"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utilisateur"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("agit pour"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="api_tokens",
    )
    name = models.CharField(_("nom"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField(_("début du jeton"), max_length=16)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("dernière utilisation"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("jeton d'API")
        verbose_name_plural = _("jetons d'API")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def touch(self) -> None:
        ApiToken.objects.filter(pk=self.pk).update(last_used_at=timezone.now())
