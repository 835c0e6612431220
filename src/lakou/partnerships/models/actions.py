"""Partnership actions: what the federation and its member organisations do together.

An action is dated (it may run over months: a co-funded chair, a mentoring programme), held in a
commune or online, and goes planned → held | cancelled. Indicator 3 (`partnership-actions`) counts
the actions held, in the period where they end.
"""

from __future__ import annotations

from datetime import datetime
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
from lakou.territory.models import territory_q

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

    def planned(self) -> ActionQuerySet:
        return self.filter(status=Action.Status.PLANNED)

    def with_listing(self) -> ActionQuerySet:
        """What a list shows of each action: its commune, EPCI and organisers, in 2 queries."""
        return self.select_related("commune__epci").prefetch_related("organisers")

    def in_territory(self, code: str, *, with_online: bool) -> ActionQuerySet:
        """Actions held in the territory `code` (empty, EPCI SIREN or INSEE code); online ones
        are kept when `with_online` (a calendar) and left out otherwise (an indicator)."""
        if not code:
            return self
        place = territory_q(code) & Q(is_online=False)
        return self.filter(place | Q(is_online=True) if with_online else place)

    def overlapping(self, start: datetime | None, end: datetime | None) -> ActionQuerySet:
        """Actions running at some moment of [start, end); None leaves that side open."""
        actions = self
        if start is not None:
            actions = actions.filter(ends_at__gte=start)
        if end is not None:
            actions = actions.filter(starts_at__lt=end)
        return actions

    def to_close(self, now: datetime) -> ActionQuerySet:
        """Planned actions already over: their organisers should mark them held or cancelled."""
        return self.planned().filter(ends_at__lt=now)


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

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("partnerships:action_detail", kwargs={"pk": self.pk})

    @property
    def place(self) -> str:
        """Where it happens, in words: the venue and commune, or « En ligne »."""
        if self.is_online:
            return str(_("En ligne"))
        parts = [self.venue, self.commune.name if self.commune else ""]
        return ", ".join(part for part in parts if part)


# ---------------------------------------------------------------- partners and contributions


class ActionPartnerQuerySet(models.QuerySet["ActionPartner"]):
    def with_totals(self) -> ActionPartnerQuerySet:
        """Each partner with the value of its contributions (one query, no per-row count)."""
        return self.annotate(
            total_value=models.Sum("contributions__value"),
            contribution_count=models.Count("contributions"),
        )


class ActionPartner(models.Model):
    """An organisation that supports an action without organising it (sponsor, host, expert)."""

    action = models.ForeignKey(
        Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="partners"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation partenaire"),
        on_delete=models.PROTECT,
        related_name="action_partnerships",
    )
    role = models.CharField(
        _("rôle dans l'action"),
        max_length=TITLE_MAX_LENGTH,
        blank=True,
        help_text=_("Par exemple : mécène, accueille l'action, fournit les experts."),
    )
    created_at = models.DateTimeField(_("ajoutée le"), auto_now_add=True)

    objects = ActionPartnerQuerySet.as_manager()

    class Meta:
        verbose_name = _("partenaire d'une action")
        verbose_name_plural = _("partenaires des actions")
        ordering = ["action", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["action", "organisation"], name="one_partnership_per_organisation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.action}"


class ContributionKind(models.TextChoices):
    MONEY = "money", _("Apport financier")
    IN_KIND = "in_kind", _("Apport en nature")
    EXPERTISE = "expertise", _("Heures d'expert")


class ContributionQuerySet(models.QuerySet["Contribution"]):
    def of_organisation(self, organisation_id: int) -> ContributionQuerySet:
        return self.filter(partner__organisation_id=organisation_id)

    def in_year(self, year: int) -> ContributionQuerySet:
        return self.filter(date__year=year)


class Contribution(models.Model):
    """What a partner brings: money, goods or services in kind, or hours of its experts.

    `value` is what the contribution is worth in euros: the amount given, the stated value of
    what is given in kind, or hours × the hourly value (computed by the service).
    """

    partner = models.ForeignKey(
        ActionPartner,
        verbose_name=_("partenaire"),
        on_delete=models.CASCADE,
        related_name="contributions",
    )
    kind = models.CharField(_("type d'apport"), max_length=10, choices=ContributionKind.choices)
    date = models.DateField(_("date de l'apport"))
    description = models.CharField(_("description"), max_length=TITLE_MAX_LENGTH)
    hours = models.DecimalField(
        _("nombre d'heures"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    hourly_value = models.DecimalField(
        _("valeur d'une heure (€)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    value = models.DecimalField(_("valeur (€)"), max_digits=12, decimal_places=2)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saisi par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("saisi le"), auto_now_add=True)

    objects = ContributionQuerySet.as_manager()

    class Meta:
        verbose_name = _("apport")
        verbose_name_plural = _("apports")
        ordering = ["date", "pk"]
        indexes = [models.Index(fields=["partner", "date"], name="contribution_partner_date")]
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0), name="contribution_value_positive"),
            models.CheckConstraint(
                condition=(
                    Q(kind="expertise", hours__gt=0, hourly_value__gte=0)
                    | (~Q(kind="expertise") & Q(hours__isnull=True, hourly_value__isnull=True))
                ),
                name="contribution_hours_for_expertise",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.description}"
