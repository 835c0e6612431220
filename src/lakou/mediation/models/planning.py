"""The workshop planner's runs and proposals: for a quarter, where workshops should be held (commune,
venue, week) and by whom, each with its reasons in French. A proposal the federation or an EPCI
accepts becomes draft workshops; an accepted one is never proposed again (the solver is in the pure
module `lakou.mediation.planner`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lakou.accounts.models import Organisation
from lakou.mediation.models.mediators import Mediator
from lakou.mediation.models.venues import Venue
from lakou.mediation.models.workshops import Workshop
from lakou.territory.models import Commune, Epci


class PlanRun(models.Model):
    quarter_start = models.DateField(_("trimestre"), help_text=_("Le premier jour du trimestre."))
    epci = models.ForeignKey(
        Epci,
        verbose_name=_("EPCI"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Vide : toute la Martinique."),
    )
    requested_by = models.ForeignKey(
        Organisation,
        verbose_name=_("demandé par"),
        on_delete=models.PROTECT,
        related_name="mediation_plans",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lancé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("calculé le"), auto_now_add=True)
    solve_seconds = models.FloatField(_("durée du calcul (secondes)"), default=0)
    # Plain French sentences: which communes used the regional share of seniors, what was left
    # out and why.
    notes = models.JSONField(_("remarques"), default=list, blank=True)

    class Meta:
        verbose_name = _("calcul du planificateur")
        verbose_name_plural = _("calculs du planificateur")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.quarter_start:%Y-%m} — {self.epci or 'Martinique'}"


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposé")
    ACCEPTED = "accepted", _("Accepté")
    DISMISSED = "dismissed", _("Écarté")


class PlanProposal(models.Model):
    run = models.ForeignKey(
        PlanRun, verbose_name=_("calcul"), on_delete=models.CASCADE, related_name="proposals"
    )
    commune = models.ForeignKey(
        Commune, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    venue = models.ForeignKey(
        Venue, verbose_name=_("lieu"), on_delete=models.PROTECT, related_name="plan_proposals"
    )
    mediator = models.ForeignKey(
        Mediator,
        verbose_name=_("médiateur"),
        on_delete=models.PROTECT,
        related_name="plan_proposals",
    )
    week_start = models.DateField(_("semaine du"))
    workshops = models.PositiveSmallIntegerField(_("ateliers"), default=1)
    reasons = models.JSONField(_("raisons"), default=list, blank=True)
    status = models.CharField(
        _("statut"),
        max_length=10,
        choices=ProposalStatus.choices,
        default=ProposalStatus.PROPOSED,
    )
    decided_at = models.DateTimeField(_("décidé le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("décidé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    accepted_workshops = models.ManyToManyField(
        Workshop, verbose_name=_("ateliers créés"), related_name="plan_proposals", blank=True
    )

    class Meta:
        verbose_name = _("proposition d'atelier")
        verbose_name_plural = _("propositions d'ateliers")
        ordering = ["week_start", "commune__name", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(workshops__gte=1), name="proposal_at_least_one"),
        ]

    def __str__(self) -> str:
        return f"{self.commune} — {self.week_start:%d/%m/%Y} — {self.mediator}"
