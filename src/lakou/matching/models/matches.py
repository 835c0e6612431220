"""Matches: a person and an opportunity brought together — by the engine, by the person, or by an
adviser — and where they stand: proposed → accepted by the person → accepted by the other side →
successful once the outcome is confirmed (enrolment accepted, placement agreement active, hire
confirmed), or declined with a reason at any step. The other apps' services move them (through
signals: no double entry)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lakou.accounts.models import Organisation
from lakou.core.validators import SHORT_TEXT_MAX_LENGTH, text_bound
from lakou.matching.models.profiles import Profile
from lakou.mediation.models import Workshop
from lakou.partnerships.models import Application, MentorProfile, Offer
from lakou.territory.models import Commune
from lakou.training.models import Enrolment, Session


class OpportunityKind(models.TextChoices):
    TRAINING = "training", _("Session de formation")
    INTERNSHIP = "internship", _("Stage ou alternance")
    JOB = "job", _("Emploi")
    MENTORING = "mentoring", _("Mentorat")
    WORKSHOP = "workshop", _("Atelier numérique")


class Origin(models.TextChoices):
    ENGINE = "engine", _("Proposée par Lakou")
    PERSON = "person", _("Choisie par la personne")
    ADVISER = "adviser", _("Proposée par un conseiller ou un médiateur")


class MatchStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposée")
    PERSON_ACCEPTED = "person_accepted", _("Acceptée par la personne")
    BOTH_ACCEPTED = "both_accepted", _("Acceptée des deux côtés")
    SUCCESSFUL = "successful", _("Réussie")
    DECLINED = "declined", _("Déclinée")


class Side(models.TextChoices):
    PERSON = "person", _("La personne")
    OTHER = "other", _("L'organisme ou l'employeur")


# Where a match may go from each status.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    MatchStatus.PROPOSED: (MatchStatus.PERSON_ACCEPTED, MatchStatus.DECLINED),
    MatchStatus.PERSON_ACCEPTED: (
        MatchStatus.BOTH_ACCEPTED,
        MatchStatus.SUCCESSFUL,
        MatchStatus.DECLINED,
    ),
    MatchStatus.BOTH_ACCEPTED: (MatchStatus.SUCCESSFUL, MatchStatus.DECLINED),
    MatchStatus.SUCCESSFUL: (),
    MatchStatus.DECLINED: (),
}
LIVE_STATUSES = (MatchStatus.PROPOSED, MatchStatus.PERSON_ACCEPTED, MatchStatus.BOTH_ACCEPTED)


class MatchQuerySet(models.QuerySet["Match"]):
    def live(self) -> MatchQuerySet:
        return self.filter(status__in=LIVE_STATUSES)

    def successful(self) -> MatchQuerySet:
        return self.filter(status=MatchStatus.SUCCESSFUL)


class Match(models.Model):
    profile = models.ForeignKey(
        Profile, verbose_name=_("profil"), on_delete=models.CASCADE, related_name="matches"
    )
    kind = models.CharField(_("type"), max_length=12, choices=OpportunityKind.choices)
    session = models.ForeignKey(
        Session,
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="matches",
    )
    offer = models.ForeignKey(
        Offer,
        verbose_name=_("offre"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="matches",
    )
    mentor = models.ForeignKey(
        MentorProfile,
        verbose_name=_("mentor"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="matches",
    )
    workshop = models.ForeignKey(
        Workshop,
        verbose_name=_("atelier"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="matches",
    )
    origin = models.CharField(_("origine"), max_length=8, choices=Origin.choices)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("statut"), max_length=16, choices=MatchStatus.choices, default=MatchStatus.PROPOSED
    )
    score = models.FloatField(_("score"), null=True, blank=True)
    # The engine's parts (for learning) and reasons (structured, rendered in French on pages).
    parts = models.JSONField(_("parts du score"), default=dict, blank=True)
    reasons = models.JSONField(_("raisons"), default=list, blank=True)
    # The territory of indicator 5: the opportunity's commune; the person's for a remote one.
    commune = models.ForeignKey(
        Commune,
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    is_remote = models.BooleanField(_("à distance"), default=False)
    enrolment = models.OneToOneField(
        Enrolment,
        verbose_name=_("inscription"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="match",
    )
    application = models.OneToOneField(
        Application,
        verbose_name=_("candidature"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="match",
    )
    declined_by = models.CharField(
        _("déclinée par"), max_length=8, choices=Side.choices, blank=True
    )
    declined_reason = models.TextField(_("motif"), blank=True, **text_bound(SHORT_TEXT_MAX_LENGTH))
    created_at = models.DateTimeField(_("proposée le"), auto_now_add=True)
    person_accepted_at = models.DateTimeField(
        _("acceptée par la personne le"), null=True, blank=True
    )
    other_accepted_at = models.DateTimeField(
        _("acceptée par l'autre partie le"), null=True, blank=True
    )
    successful_at = models.DateTimeField(_("réussie le"), null=True, blank=True)
    declined_at = models.DateTimeField(_("déclinée le"), null=True, blank=True)

    objects = MatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("mise en relation")
        verbose_name_plural = _("mises en relation")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "successful_at"], name="match_success")]
        constraints = [
            # Exactly one opportunity.
            models.CheckConstraint(
                condition=(
                    Q(
                        session__isnull=False,
                        offer__isnull=True,
                        mentor__isnull=True,
                        workshop__isnull=True,
                    )
                    | Q(
                        session__isnull=True,
                        offer__isnull=False,
                        mentor__isnull=True,
                        workshop__isnull=True,
                    )
                    | Q(
                        session__isnull=True,
                        offer__isnull=True,
                        mentor__isnull=False,
                        workshop__isnull=True,
                    )
                    | Q(
                        session__isnull=True,
                        offer__isnull=True,
                        mentor__isnull=True,
                        workshop__isnull=False,
                    )
                ),
                name="match_one_opportunity",
            ),
            models.CheckConstraint(
                condition=~Q(status="successful") | Q(successful_at__isnull=False),
                name="match_successful_has_date",
            ),
            # One live match per person and opportunity.
            models.UniqueConstraint(
                fields=["profile", "session"],
                condition=Q(session__isnull=False) & Q(status__in=LIVE_STATUSES),
                name="match_live_once_session",
            ),
            models.UniqueConstraint(
                fields=["profile", "offer"],
                condition=Q(offer__isnull=False) & Q(status__in=LIVE_STATUSES),
                name="match_live_once_offer",
            ),
            models.UniqueConstraint(
                fields=["profile", "mentor"],
                condition=Q(mentor__isnull=False) & Q(status__in=LIVE_STATUSES),
                name="match_live_once_mentor",
            ),
            models.UniqueConstraint(
                fields=["profile", "workshop"],
                condition=Q(workshop__isnull=False) & Q(status__in=LIVE_STATUSES),
                name="match_live_once_workshop",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.profile} — {self.get_kind_display()} — {self.get_status_display()}"


class ContactRequest(models.Model):
    """An employer or a provider writes to a visible candidate through Lakou: the person's
    e-mail stays hidden until they answer."""

    profile = models.ForeignKey(
        Profile, verbose_name=_("profil"), on_delete=models.CASCADE, related_name="contacts"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+"
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("écrit par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    match = models.ForeignKey(
        Match,
        verbose_name=_("mise en relation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contacts",
    )
    message = models.TextField(_("message"), **text_bound(SHORT_TEXT_MAX_LENGTH))
    answer = models.TextField(_("réponse"), blank=True, **text_bound(SHORT_TEXT_MAX_LENGTH))
    created_at = models.DateTimeField(_("envoyé le"), auto_now_add=True)
    answered_at = models.DateTimeField(_("répondu le"), null=True, blank=True)

    class Meta:
        verbose_name = _("prise de contact")
        verbose_name_plural = _("prises de contact")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.profile}"


class LearnedWeights(models.Model):
    """The engine's weights refitted from accepted and declined matches (bounded around the
    initial ones); the newest row is in force."""

    weights = models.JSONField(_("poids"))
    outcomes = models.PositiveIntegerField(_("résultats pris en compte"))
    fitted_at = models.DateTimeField(_("calculés le"), auto_now_add=True)

    class Meta:
        verbose_name = _("poids appris")
        verbose_name_plural = _("poids appris")
        ordering = ["-fitted_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.fitted_at:%Y-%m-%d} ({self.outcomes})"
