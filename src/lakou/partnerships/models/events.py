"""Contests and hackathons: an event attached to a partnership action (kind contest or hackathon).

Phases follow the dates: registration (from `registration_opens_at` to `registration_closes_at`),
submission (until `submission_deadline`), judging (until `judging_ends_at`), then results once
the organiser publishes them. Participants form teams (joined by a code); each team hands in one
submission, editable until the deadline; jurors score each submission on the event's criteria.
A juror never scores a team with an employee or an intern of the juror's organisation.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lakou.accounts.models import Membership
from lakou.core.validators import SHORT_TEXT_MAX_LENGTH, TITLE_MAX_LENGTH, text_bound
from lakou.partnerships.models.actions import LONG_TEXT, Action
from lakou.partnerships.models.agreements import Agreement

if TYPE_CHECKING:
    from lakou.core.actor import Actor

SHORT_TEXT = text_bound(SHORT_TEXT_MAX_LENGTH)
SCORE_MIN = 0
SCORE_MAX = 10
TEAM_CODE_LENGTH = 8
# Unambiguous letters and digits, read aloud or copied from a phone (no 0/O, 1/I/L).
TEAM_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
EVENT_KINDS = ("contest", "hackathon")


def new_team_code() -> str:
    return "".join(secrets.choice(TEAM_CODE_ALPHABET) for _ in range(TEAM_CODE_LENGTH))


class Phase(models.TextChoices):
    UPCOMING = "upcoming", _("Inscriptions bientôt ouvertes")
    REGISTRATION = "registration", _("Inscriptions ouvertes")
    SUBMISSION = "submission", _("Dépôt des projets")
    JUDGING = "judging", _("Délibération du jury")
    AWAITING_RESULTS = "awaiting_results", _("Résultats à venir")
    RESULTS = "results", _("Résultats publiés")


class EventQuerySet(models.QuerySet["Event"]):
    def public(self) -> EventQuerySet:
        """Events of public, not cancelled actions."""
        return self.filter(action__is_public=True).exclude(action__status=Action.Status.CANCELLED)

    def visible_to(self, actor: Actor) -> EventQuerySet:
        """The public sees public events; the organisers and the federation also their others."""
        if actor.is_federation:
            return self
        if actor.organisation_id is not None:
            return self.filter(
                Q(pk__in=self.public().values("pk")) | Q(action__organisers=actor.organisation_id)
            ).distinct()
        return self.public()

    def managed_by(self, actor: Actor) -> EventQuerySet:
        if actor.is_federation:
            return self
        if actor.organisation_id is None:
            return self.none()
        return self.filter(action__organisers=actor.organisation_id).distinct()

    def with_counts(self) -> EventQuerySet:
        return self.annotate(
            participant_count=models.Count("participants", distinct=True),
            team_count=models.Count("teams", distinct=True),
        )


class Event(models.Model):
    action = models.OneToOneField(
        Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="event"
    )
    registration_opens_at = models.DateTimeField(_("ouverture des inscriptions"))
    registration_closes_at = models.DateTimeField(_("clôture des inscriptions"))
    submission_deadline = models.DateTimeField(_("date limite de dépôt des projets"))
    judging_ends_at = models.DateTimeField(_("fin de la délibération du jury"))
    capacity = models.PositiveIntegerField(
        _("nombre maximal de participants"), validators=[MinValueValidator(1)]
    )
    team_min = models.PositiveSmallIntegerField(
        _("taille minimale d'une équipe"), default=1, validators=[MinValueValidator(1)]
    )
    team_max = models.PositiveSmallIntegerField(
        _("taille maximale d'une équipe"), default=5, validators=[MinValueValidator(1)]
    )
    prize_places = models.PositiveSmallIntegerField(
        _("nombre d'équipes lauréates"),
        default=3,
        validators=[MinValueValidator(1)],
        help_text=_("Les équipes classées à ces places reçoivent le badge de lauréat."),
    )
    rules = models.TextField(_("règlement"), blank=True, **LONG_TEXT)
    results_published_at = models.DateTimeField(_("résultats publiés le"), null=True, blank=True)
    results_published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("résultats publiés par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("concours ou hackathon")
        verbose_name_plural = _("concours et hackathons")
        ordering = ["registration_opens_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(team_max__gte=models.F("team_min")), name="event_team_sizes"
            ),
            models.CheckConstraint(
                condition=Q(registration_closes_at__gte=models.F("registration_opens_at"))
                & Q(submission_deadline__gte=models.F("registration_closes_at"))
                & Q(judging_ends_at__gte=models.F("submission_deadline")),
                name="event_phases_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.action.title

    def get_absolute_url(self) -> str:
        return reverse("partnerships:event_detail", kwargs={"pk": self.pk})

    def phase_at(self, moment: datetime | None = None) -> str:
        moment = moment or timezone.now()
        if self.results_published_at is not None:
            return Phase.RESULTS
        if moment < self.registration_opens_at:
            return Phase.UPCOMING
        if moment < self.registration_closes_at:
            return Phase.REGISTRATION
        if moment < self.submission_deadline:
            return Phase.SUBMISSION
        if moment < self.judging_ends_at:
            return Phase.JUDGING
        return Phase.AWAITING_RESULTS

    @property
    def phase(self) -> str:
        return self.phase_at()

    def get_phase_display(self) -> str:
        return str(Phase(self.phase).label)

    def registration_open(self, moment: datetime | None = None) -> bool:
        return self.phase_at(moment) == Phase.REGISTRATION

    def submissions_open(self, moment: datetime | None = None) -> bool:
        return self.phase_at(moment) in (Phase.REGISTRATION, Phase.SUBMISSION)

    def judging_open(self, moment: datetime | None = None) -> bool:
        """Jurors score from the submission deadline until the results are published."""
        return self.phase_at(moment) in (Phase.JUDGING, Phase.AWAITING_RESULTS)


class Criterion(models.Model):
    event = models.ForeignKey(
        Event, verbose_name=_("événement"), on_delete=models.CASCADE, related_name="criteria"
    )
    name = models.CharField(_("critère"), max_length=TITLE_MAX_LENGTH)
    weight = models.PositiveSmallIntegerField(
        _("poids"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("De 1 à 10 : un critère de poids 2 compte deux fois plus qu'un de poids 1."),
    )

    class Meta:
        verbose_name = _("critère de notation")
        verbose_name_plural = _("critères de notation")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "name"], name="criterion_unique_name"),
            models.CheckConstraint(
                condition=Q(weight__gte=1) & Q(weight__lte=10), name="criterion_weight_range"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Challenge(models.Model):
    """A partner organisation's challenge, with its own prize."""

    event = models.ForeignKey(
        Event, verbose_name=_("événement"), on_delete=models.CASCADE, related_name="challenges"
    )
    partner = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation partenaire"),
        on_delete=models.PROTECT,
        related_name="event_challenges",
    )
    title = models.CharField(_("intitulé du défi"), max_length=TITLE_MAX_LENGTH)
    description = models.TextField(_("présentation du défi"), **LONG_TEXT)
    prize = models.CharField(_("prix"), max_length=TITLE_MAX_LENGTH, blank=True)

    class Meta:
        verbose_name = _("défi partenaire")
        verbose_name_plural = _("défis partenaires")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title


class TeamQuerySet(models.QuerySet["Team"]):
    def with_size(self) -> TeamQuerySet:
        return self.annotate(size=models.Count("members", distinct=True))

    def looking_for_members(self) -> TeamQuerySet:
        """Teams that say which roles they seek and still have room."""
        return (
            self.with_size().exclude(looking_for="").filter(Q(size__lt=models.F("event__team_max")))
        )


class Team(models.Model):
    event = models.ForeignKey(
        Event, verbose_name=_("événement"), on_delete=models.CASCADE, related_name="teams"
    )
    name = models.CharField(_("nom de l'équipe"), max_length=100)
    code = models.CharField(
        _("code de l'équipe"), max_length=TEAM_CODE_LENGTH, unique=True, default=new_team_code
    )
    looking_for = models.CharField(
        _("profils recherchés"),
        max_length=300,
        blank=True,
        help_text=_(
            "Par exemple : une graphiste, un développeur. Laisser vide si l'équipe est au complet."
        ),
    )
    challenge = models.ForeignKey(
        Challenge,
        verbose_name=_("défi choisi"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="teams",
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    objects = TeamQuerySet.as_manager()

    class Meta:
        verbose_name = _("équipe")
        verbose_name_plural = _("équipes")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "name"], name="team_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class ParticipantQuerySet(models.QuerySet["Participant"]):
    def of_user(self, user_id: int | None) -> ParticipantQuerySet:
        return self.filter(user_id=user_id)


class Participant(models.Model):
    """A person registered to an event; `team` once they create or join one.

    The badges are training certificates (Open Badges 3.0), named by their public identifier so
    that this table does not depend on training's.
    """

    event = models.ForeignKey(
        Event, verbose_name=_("événement"), on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="event_participations",
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("équipe"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )
    registered_at = models.DateTimeField(_("inscrit le"), auto_now_add=True)
    participation_badge = models.UUIDField(_("badge de participation"), null=True, blank=True)
    winner_badge = models.UUIDField(_("badge de lauréat"), null=True, blank=True)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["registered_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="participant_once_per_event"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.event}"


def submission_file_path(instance: Submission, filename: str) -> str:
    return f"partnerships/events/{instance.team.event_id}/{instance.team_id}/{filename}"


class Submission(models.Model):
    team = models.OneToOneField(
        Team, verbose_name=_("équipe"), on_delete=models.CASCADE, related_name="submission"
    )
    title = models.CharField(_("titre du projet"), max_length=TITLE_MAX_LENGTH)
    description = models.TextField(_("présentation du projet"), **LONG_TEXT)
    link = models.URLField(_("lien (démonstration, code)"), blank=True)
    file = models.FileField(_("fichier (PDF)"), upload_to=submission_file_path, blank=True)
    submitted_at = models.DateTimeField(_("déposé le"), default=timezone.now)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("projet déposé")
        verbose_name_plural = _("projets déposés")
        ordering = ["submitted_at", "pk"]

    def __str__(self) -> str:
        return self.title


class Juror(models.Model):
    event = models.ForeignKey(
        Event, verbose_name=_("événement"), on_delete=models.CASCADE, related_name="jurors"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("juré"),
        on_delete=models.PROTECT,
        related_name="event_juries",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation du juré"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="event_jurors",
        help_text=_(
            "Le juré ne note aucune équipe qui compte un salarié ou un stagiaire de cette organisation."
        ),
    )

    class Meta:
        verbose_name = _("juré")
        verbose_name_plural = _("jurés")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="juror_once_per_event"),
        ]

    def __str__(self) -> str:
        return str(self.user)


class Score(models.Model):
    submission = models.ForeignKey(
        Submission, verbose_name=_("projet"), on_delete=models.CASCADE, related_name="scores"
    )
    juror = models.ForeignKey(
        Juror, verbose_name=_("juré"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("critère"), on_delete=models.CASCADE, related_name="scores"
    )
    value = models.PositiveSmallIntegerField(
        _("note"), validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)]
    )
    scored_at = models.DateTimeField(_("notée le"), auto_now=True)

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "juror", "criterion"], name="score_once_per_criterion"
            ),
            models.CheckConstraint(
                condition=Q(value__gte=SCORE_MIN) & Q(value__lte=SCORE_MAX),
                name="score_value_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.submission} — {self.criterion} : {self.value}"


class TeamResult(models.Model):
    """The published ranking: one row per team that handed in a project."""

    team = models.OneToOneField(
        Team, verbose_name=_("équipe"), on_delete=models.CASCADE, related_name="result"
    )
    rank = models.PositiveIntegerField(_("rang"))
    score = models.FloatField(_("score normalisé"), null=True, blank=True)
    jurors = models.PositiveIntegerField(_("nombre de jurés"))
    is_winner = models.BooleanField(_("lauréate"), default=False)

    class Meta:
        verbose_name = _("résultat d'équipe")
        verbose_name_plural = _("résultats des équipes")
        ordering = ["rank", "pk"]

    def __str__(self) -> str:
        return f"{self.rank}. {self.team}"


def conflicted_member_q(organisation_id: int | None, member: str = "user") -> Q:
    """A person (`member` is the path to the user) employed by the organisation or hosted as an
    intern or apprentice by it under a binding agreement."""
    if organisation_id is None:
        return Q(pk__in=[])
    employed = Membership.objects.filter(
        organisation_id=organisation_id, is_active=True, user=OuterRef(member)
    )
    interned = Agreement.objects.binding().filter(
        company_id=organisation_id, learner=OuterRef(member)
    )
    return Q(Exists(employed)) | Q(Exists(interned))
