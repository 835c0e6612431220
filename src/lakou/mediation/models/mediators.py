"""Digital mediators and ambassadors: who they are, where and in what they help, and where they
stand (applicant → in training → active → paused | left)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lakou.accounts.models import Organisation
from lakou.core.validators import SHORT_TEXT_MAX_LENGTH, text_bound, validate_phone
from lakou.skills.models import Area
from lakou.territory.models import Commune


class MediatorKind(models.TextChoices):
    EMPLOYEE = "employee", _("Salarié(e) mis(e) à disposition par une entreprise")
    FREELANCER = "freelancer", _("Indépendant(e)")
    RETIREE = "retiree", _("Retraité(e) bénévole")
    ASSOCIATION = "association", _("Salarié(e) d'une association")


class Compensation(models.TextChoices):
    PER_ACT = "per_act", _("Rémunéré(e) à l'acte")
    VOLUNTEER = "volunteer", _("Bénévole")


class MediatorStatus(models.TextChoices):
    APPLICANT = "applicant", _("Candidature")
    IN_TRAINING = "in_training", _("En formation")
    ACTIVE = "active", _("Actif")
    PAUSED = "paused", _("En pause")
    LEFT = "left", _("Parti")


# Where a mediator may go from each status (the federation moves them).
TRANSITIONS: dict[str, tuple[str, ...]] = {
    MediatorStatus.APPLICANT: (MediatorStatus.IN_TRAINING, MediatorStatus.LEFT),
    MediatorStatus.IN_TRAINING: (MediatorStatus.ACTIVE, MediatorStatus.LEFT),
    MediatorStatus.ACTIVE: (MediatorStatus.PAUSED, MediatorStatus.LEFT),
    MediatorStatus.PAUSED: (MediatorStatus.ACTIVE, MediatorStatus.LEFT),
    MediatorStatus.LEFT: (),
}

MAX_WEEKLY_HOURS = 48


class MediatorQuerySet(models.QuerySet["Mediator"]):
    def active(self) -> MediatorQuerySet:
        return self.filter(status=MediatorStatus.ACTIVE)


class Mediator(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte"),
        on_delete=models.PROTECT,
        related_name="mediator",
    )
    kind = models.CharField(_("profil"), max_length=20, choices=MediatorKind.choices)
    employer = models.ForeignKey(
        Organisation,
        verbose_name=_("entreprise ou association"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mediators",
        help_text=_("Pour un(e) salarié(e) mis(e) à disposition ou d'une association."),
    )
    phone = models.CharField(_("téléphone"), max_length=20, blank=True, validators=[validate_phone])
    home_commune = models.ForeignKey(
        Commune, verbose_name=_("commune de résidence"), on_delete=models.PROTECT, related_name="+"
    )
    communes_served = models.ManyToManyField(
        Commune, verbose_name=_("communes où intervenir"), related_name="mediators", blank=True
    )
    topics = models.ManyToManyField(
        Area,
        verbose_name=_("domaines d'aide (DigComp)"),
        related_name="mediators",
        blank=True,
    )
    speaks_french = models.BooleanField(_("parle français"), default=True)
    speaks_creole = models.BooleanField(_("parle créole"), default=False)
    weekly_hours = models.PositiveSmallIntegerField(
        _("disponibilité (heures par semaine)"), default=4
    )
    compensation = models.CharField(_("rémunération"), max_length=10, choices=Compensation.choices)
    status = models.CharField(
        _("statut"),
        max_length=12,
        choices=MediatorStatus.choices,
        default=MediatorStatus.APPLICANT,
    )
    funder = models.ForeignKey(
        Organisation,
        verbose_name=_("financeur"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="funded_mediators",
        help_text=_("L'EPCI qui finance ses actes et valide ses relevés ; vide : la fédération."),
    )
    motivation = models.TextField(_("motivation"), blank=True, **text_bound(SHORT_TEXT_MAX_LENGTH))
    status_changed_at = models.DateTimeField(_("statut changé le"), null=True, blank=True)
    created_at = models.DateTimeField(_("candidature reçue le"), auto_now_add=True)

    objects = MediatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("médiateur ou médiatrice")
        verbose_name_plural = _("médiateurs et médiatrices")
        ordering = ["user__last_name", "user__first_name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weekly_hours__lte=MAX_WEEKLY_HOURS),
                name="mediator_weekly_hours_bounded",
            ),
        ]

    def __str__(self) -> str:
        return self.user.display_name

    @property
    def languages(self) -> list[str]:
        return [
            str(label)
            for spoken, label in (
                (self.speaks_french, _("français")),
                (self.speaks_creole, _("créole")),
            )
            if spoken
        ]
