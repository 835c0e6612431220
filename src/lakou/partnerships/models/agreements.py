"""Agreements between three parties — the learner, the host company and the school or provider —
born from an accepted application.

States, after immersion-facile's: draft → ready to sign → partly signed → signed → active (from its
start date) → ended | broken off; "back to draft" voids the signatures. Indicator 3
(`placements-hosted`) counts the agreements that started in the period.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lakou.partnerships.models.placements import Application, PlacementKind

# The states in which an agreement ties the learner to the host company (the juror conflict rule
# of events reads them: an intern of the juror's organisation).
BINDING_STATES = ("signed", "active", "ended", "broken_off")


class AgreementQuerySet(models.QuerySet["Agreement"]):
    def binding(self) -> AgreementQuerySet:
        return self.filter(status__in=BINDING_STATES)


class Agreement(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        READY_TO_SIGN = "ready_to_sign", _("Prête à signer")
        PARTLY_SIGNED = "partly_signed", _("Signée en partie")
        SIGNED = "signed", _("Signée")
        ACTIVE = "active", _("En cours")
        ENDED = "ended", _("Terminée")
        BROKEN_OFF = "broken_off", _("Rompue")

    application = models.OneToOneField(
        Application,
        verbose_name=_("candidature"),
        on_delete=models.PROTECT,
        related_name="agreement",
    )
    kind = models.CharField(_("type"), max_length=20, choices=PlacementKind.choices)
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("stagiaire ou apprenti"),
        on_delete=models.PROTECT,
        related_name="placement_agreements",
    )
    company = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("entreprise d'accueil"),
        on_delete=models.PROTECT,
        related_name="hosted_agreements",
    )
    school = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("école ou organisme de formation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="school_agreements",
    )
    starts_on = models.DateField(_("date de début"))
    ends_on = models.DateField(_("date de fin"))
    status = models.CharField(
        _("statut"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("convention")
        verbose_name_plural = _("conventions")
        ordering = ["-starts_on", "pk"]
        indexes = [models.Index(fields=["status", "starts_on"], name="agreement_status_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="agreement_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.learner} chez {self.company}"
