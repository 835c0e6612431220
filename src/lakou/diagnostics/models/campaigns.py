"""Campaigns, which open a questionnaire version to a territory, and their e-mail invitations."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lakou.diagnostics.models.questionnaires import Audience, QuestionnaireVersion

if TYPE_CHECKING:
    from datetime import date

    from lakou.core.actor import Actor


def new_short_code() -> str:
    return secrets.token_urlsafe(6)


class CampaignQuerySet(models.QuerySet["Campaign"]):
    def visible_to(self, actor: Actor) -> CampaignQuerySet:
        """Federation staff see every campaign; EPCI staff the ones their EPCI relays."""
        if actor.is_federation:
            return self
        if actor.is_epci and actor.organisation is not None and actor.organisation.epci_id:
            return self.filter(relaying_epcis=actor.organisation.epci_id)
        return self.none()

    def open_on(self, day: date) -> CampaignQuerySet:
        return self.filter(status=Campaign.Status.OPEN, starts_on__lte=day, ends_on__gte=day)


class Campaign(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        OPEN = "open", _("Ouverte")
        CLOSED = "closed", _("Close")

    title = models.CharField(_("titre"), max_length=200)
    version = models.ForeignKey(
        QuestionnaireVersion,
        verbose_name=_("questionnaire"),
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    audience = models.CharField(_("public visé"), max_length=20, choices=Audience.choices)
    epcis = models.ManyToManyField(
        "territory.Epci",
        verbose_name=_("EPCI couverts"),
        blank=True,
        related_name="campaigns",
        help_text=_("Vide, avec aucune commune choisie : toute la Martinique."),
    )
    communes = models.ManyToManyField(
        "territory.Commune",
        verbose_name=_("communes couvertes"),
        blank=True,
        related_name="campaigns",
    )
    relaying_epcis = models.ManyToManyField(
        "territory.Epci",
        verbose_name=_("EPCI qui relaient"),
        blank=True,
        related_name="relayed_campaigns",
    )
    starts_on = models.DateField(_("début"))
    ends_on = models.DateField(_("fin"))
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    short_code = models.CharField(
        _("code court"), max_length=16, unique=True, default=new_short_code
    )
    owner = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisée par"),
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("campagne")
        verbose_name_plural = _("campagnes")
        ordering = ["-starts_on", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("diagnostics:campaign_detail", kwargs={"pk": self.pk})

    def is_open_on(self, day: date) -> bool:
        return self.status == Campaign.Status.OPEN and self.starts_on <= day <= self.ends_on


class Invitation(models.Model):
    """A company of the registry invited by e-mail to answer a campaign."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campagne"), on_delete=models.CASCADE, related_name="invitations"
    )
    company = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("entreprise"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    email = models.EmailField(_("e-mail"))
    sent_at = models.DateTimeField(_("envoyée le"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("relancée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "company"], name="one_invitation_per_company"
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign} → {self.company}"
