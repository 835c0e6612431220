"""Partnership actions: what the federation and its member organisations do together.

An action is dated (it may run over months: a co-funded chair, a mentoring programme), held in a
commune or online, and goes planned → held | cancelled. Indicator 3 (`partnership-actions`) counts
the actions held, in the period where they end.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lakou.core.validators import (
    LONG_TEXT_MAX_LENGTH,
    SHORT_TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    text_bound,
)

if TYPE_CHECKING:
    from lakou.core.actor import Actor

LONG_TEXT = text_bound(LONG_TEXT_MAX_LENGTH)
SHORT_TEXT = text_bound(SHORT_TEXT_MAX_LENGTH)


class ActionKind(models.TextChoices):
    POOLED_RESOURCE = "pooled_resource", _("Ressource pédagogique mutualisée")
    CHAIR = "chair", _("Chaire co-financée")
    CONTEST = "contest", _("Concours")
    HACKATHON = "hackathon", _("Hackathon")
    MENTORING = "mentoring", _("Programme de mentorat")
    EXPERT_INTERVENTION = "expert_intervention", _("Intervention d'un expert en formation")
    JOB_DATING = "job_dating", _("Job dating")
    OTHER = "other", _("Autre action")


class ActionQuerySet(models.QuerySet["Action"]):
    def public(self) -> ActionQuerySet:
        """What the public calendar shows: public actions planned or held, never cancelled."""
        return self.filter(is_public=True).exclude(status=Action.Status.CANCELLED)

    def visible_to(self, actor: Actor) -> ActionQuerySet:
        """Members of any organisation see every action; the public sees the public calendar."""
        if actor.organisation_id is not None:
            return self
        return self.public()

    def editable_by(self, actor: Actor) -> ActionQuerySet:
        """The federation edits every action, an organiser the actions it organises."""
        if actor.is_federation:
            return self
        if actor.organisation_id is None:
            return self.none()
        return self.filter(organisers=actor.organisation_id)

    def held(self) -> ActionQuerySet:
        return self.filter(status=Action.Status.HELD)


class Action(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Prévue")
        HELD = "held", _("Réalisée")
        CANCELLED = "cancelled", _("Annulée")

    kind = models.CharField(_("type d'action"), max_length=24, choices=ActionKind.choices)
    title = models.CharField(_("intitulé"), max_length=TITLE_MAX_LENGTH)
    description = models.TextField(_("présentation"), blank=True, **LONG_TEXT)
    organisers = models.ManyToManyField(
        "accounts.Organisation",
        verbose_name=_("organisateurs"),
        related_name="organised_actions",
        help_text=_("La fédération et les organisations membres qui portent l'action."),
    )
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    is_online = models.BooleanField(_("en ligne"), default=False)
    commune = models.ForeignKey(
        "territory.Commune",
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partnership_actions",
    )
    venue = models.CharField(_("lieu"), max_length=TITLE_MAX_LENGTH, blank=True)
    is_public = models.BooleanField(
        _("publique"),
        default=True,
        help_text=_("Une action publique paraît dans le calendrier ouvert à tous."),
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    cancellation_reason = models.TextField(_("motif de l'annulation"), blank=True, **SHORT_TEXT)
    outcome_notes = models.TextField(_("bilan"), blank=True, **LONG_TEXT)
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    hires = models.PositiveIntegerField(_("recrutements"), null=True, blank=True)
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

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("action de partenariat")
        verbose_name_plural = _("actions de partenariat")
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["status", "ends_at"], name="action_status_end"),
            models.Index(fields=["starts_at"], name="action_start"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")), name="action_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(is_online=True) | Q(commune__isnull=False),
                name="action_in_a_commune_or_online",
            ),
        ]

    def __str__(self) -> str:
        return self.title
