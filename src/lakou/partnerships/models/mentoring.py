"""Mentoring: company staff mentor learners, the federation forms the pairs (issue 11).

A mentor (a user acting for a company) declares competences with their level, how many mentees
they take, the communes where they can meet (or remotely) and their availability. A mentee (a
learner acting for themself) asks for a mentor with goals, wanted competences, commune and
availability. The federation forms pairs from the suggestions (`partnerships/assignment.py`);
either side logs meetings and may end the pair with a reason.

Availability is a bit mask of the twelve half-days Monday morning … Saturday afternoon
(`assignment.SLOTS`): bit 0 is Monday morning, bit 1 Monday afternoon, and so on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lakou.core.validators import SHORT_TEXT_MAX_LENGTH, text_bound
from lakou.partnerships.assignment import ALL_SLOTS, slot_codes

if TYPE_CHECKING:
    from lakou.core.actor import Actor

SHORT_TEXT = text_bound(SHORT_TEXT_MAX_LENGTH)
GOALS_MAX_LENGTH = 1_000
NOTE_MAX_LENGTH = 500
MAX_CAPACITY = 10


class Slot(models.TextChoices):
    """The half-days of the availability grid, in the bit order of `assignment.SLOTS`."""

    MON_AM = "mon_am", _("lundi matin")
    MON_PM = "mon_pm", _("lundi après-midi")
    TUE_AM = "tue_am", _("mardi matin")
    TUE_PM = "tue_pm", _("mardi après-midi")
    WED_AM = "wed_am", _("mercredi matin")
    WED_PM = "wed_pm", _("mercredi après-midi")
    THU_AM = "thu_am", _("jeudi matin")
    THU_PM = "thu_pm", _("jeudi après-midi")
    FRI_AM = "fri_am", _("vendredi matin")
    FRI_PM = "fri_pm", _("vendredi après-midi")
    SAT_AM = "sat_am", _("samedi matin")
    SAT_PM = "sat_pm", _("samedi après-midi")


def slot_labels(mask: int) -> list[str]:
    return [str(Slot(code).label) for code in slot_codes(mask)]


AVAILABILITY_VALIDATORS = [MinValueValidator(1), MaxValueValidator(ALL_SLOTS)]


class MentorProfileQuerySet(models.QuerySet["MentorProfile"]):
    def active(self) -> MentorProfileQuerySet:
        return self.filter(is_active=True)

    def of_actor(self, actor: Actor) -> MentorProfileQuerySet:
        """The actor's own mentor profile for the company they act for."""
        if actor.user is None or not actor.is_company:
            return self.none()
        return self.filter(user=actor.user, organisation_id=actor.organisation_id)


class MentorProfile(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mentor"),
        on_delete=models.CASCADE,
        related_name="mentor_profiles",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("entreprise"),
        on_delete=models.CASCADE,
        related_name="mentor_profiles",
    )
    capacity = models.PositiveSmallIntegerField(
        _("nombre de mentorés"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_CAPACITY)],
        help_text=_("Combien de personnes vous pouvez accompagner en même temps (1 à 10)."),
    )
    communes = models.ManyToManyField(
        "territory.Commune",
        verbose_name=_("communes de rencontre"),
        blank=True,
        related_name="mentor_profiles",
    )
    accepts_remote = models.BooleanField(_("rencontres à distance"), default=False)
    availability = models.PositiveSmallIntegerField(
        _("disponibilités"), validators=AVAILABILITY_VALIDATORS
    )
    presentation = models.TextField(_("présentation"), blank=True, **SHORT_TEXT)
    is_active = models.BooleanField(
        _("accepte de nouveaux mentorés"),
        default=True,
        help_text=_("Décochez pour ne plus recevoir de nouveau mentoré ; vos binômes continuent."),
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = MentorProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("profil de mentor")
        verbose_name_plural = _("profils de mentor")
        ordering = ["organisation__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_mentor_profile"),
            models.CheckConstraint(
                condition=Q(capacity__gte=1) & Q(capacity__lte=MAX_CAPACITY),
                name="mentor_capacity_bounds",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.organisation})"

    @property
    def slot_labels(self) -> list[str]:
        return slot_labels(self.availability)


class MentorCompetence(models.Model):
    mentor = models.ForeignKey(
        MentorProfile,
        verbose_name=_("mentor"),
        on_delete=models.CASCADE,
        related_name="competences",
    )
    competence = models.ForeignKey(
        "skills.Competence",
        verbose_name=_("compétence"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    level = models.ForeignKey(
        "skills.ProficiencyLevel",
        verbose_name=_("niveau"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("compétence du mentor")
        verbose_name_plural = _("compétences du mentor")
        ordering = ["competence__framework__position", "competence__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentor", "competence"], name="one_level_per_mentor_competence"
            )
        ]

    def __str__(self) -> str:
        return f"{self.competence} — {self.level}"


class MenteeRequestQuerySet(models.QuerySet["MenteeRequest"]):
    def waiting(self) -> MenteeRequestQuerySet:
        """Requests that still wait for a mentor."""
        return self.filter(status=MenteeRequest.Status.OPEN)

    def of_learner(self, user_id: int | None) -> MenteeRequestQuerySet:
        return self.filter(learner_id=user_id)


class MenteeRequest(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("En attente d'un mentor")
        PAIRED = "paired", _("Mentor trouvé")
        CLOSED = "closed", _("Close")

    LIVE_STATUSES = (Status.OPEN, Status.PAIRED)

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mentoré"),
        on_delete=models.CASCADE,
        related_name="mentee_requests",
    )
    goals = models.TextField(_("vos objectifs"), **text_bound(GOALS_MAX_LENGTH))
    commune = models.ForeignKey(
        "territory.Commune",
        verbose_name=_("votre commune"),
        on_delete=models.PROTECT,
        related_name="mentee_requests",
    )
    accepts_remote = models.BooleanField(_("rencontres à distance"), default=False)
    availability = models.PositiveSmallIntegerField(
        _("disponibilités"), validators=AVAILABILITY_VALIDATORS
    )
    status = models.CharField(
        _("statut"), max_length=8, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(_("envoyée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = MenteeRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("demande de mentorat")
        verbose_name_plural = _("demandes de mentorat")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["learner"],
                condition=Q(status__in=["open", "paired"]),
                name="one_live_mentee_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.learner} ({self.get_status_display()})"

    @property
    def slot_labels(self) -> list[str]:
        return slot_labels(self.availability)


class MenteeWish(models.Model):
    request = models.ForeignKey(
        MenteeRequest,
        verbose_name=_("demande"),
        on_delete=models.CASCADE,
        related_name="wishes",
    )
    competence = models.ForeignKey(
        "skills.Competence",
        verbose_name=_("compétence"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    level = models.ForeignKey(
        "skills.ProficiencyLevel",
        verbose_name=_("niveau visé"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Le niveau que le mentor doit au moins avoir ; vide pour n'importe lequel."),
    )

    class Meta:
        verbose_name = _("compétence souhaitée")
        verbose_name_plural = _("compétences souhaitées")
        ordering = ["competence__framework__position", "competence__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "competence"], name="one_wish_per_competence"
            )
        ]

    def __str__(self) -> str:
        return str(self.competence)


class MentoringPairQuerySet(models.QuerySet["MentoringPair"]):
    def active(self) -> MentoringPairQuerySet:
        return self.filter(status=MentoringPair.Status.ACTIVE)

    def visible_to(self, actor: Actor) -> MentoringPairQuerySet:
        """The federation sees every pair; the mentor (for their company) and the mentee theirs."""
        if actor.is_federation:
            return self
        if actor.user is None:
            return self.none()
        mine = Q(mentee__learner_id=actor.user.pk)
        if actor.is_company:
            mine |= Q(mentor__user_id=actor.user.pk, mentor__organisation_id=actor.organisation_id)
        return self.filter(mine)

    def with_people(self) -> MentoringPairQuerySet:
        return self.select_related(
            "mentor__user", "mentor__organisation", "mentee__learner", "mentee__commune"
        ).defer("mentee__commune__boundary")


class MentoringPair(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("En cours")
        ENDED = "ended", _("Terminé")

    class EndReason(models.TextChoices):
        GOALS_REACHED = "goals_reached", _("Les objectifs sont atteints")
        NO_TIME = "no_time", _("Plus assez de disponibilité")
        MISMATCH = "mismatch", _("Le binôme ne fonctionne pas")
        NO_CONTACT = "no_contact", _("Plus de nouvelles de l'autre personne")
        OTHER = "other", _("Autre raison")

    mentor = models.ForeignKey(
        MentorProfile, verbose_name=_("mentor"), on_delete=models.PROTECT, related_name="pairs"
    )
    mentee = models.ForeignKey(
        MenteeRequest,
        verbose_name=_("demande du mentoré"),
        on_delete=models.PROTECT,
        related_name="pairs",
    )
    status = models.CharField(
        _("statut"), max_length=8, choices=Status.choices, default=Status.ACTIVE
    )
    score = models.FloatField(_("note de la suggestion"), null=True, blank=True)
    # The suggestion's reasons when the pair was formed: competence ids, km, slot codes.
    reasons = models.JSONField(_("raisons"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("formé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    started_at = models.DateTimeField(_("formé le"), auto_now_add=True)
    ended_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("terminé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    end_reason = models.CharField(
        _("raison de la fin"), max_length=16, choices=EndReason.choices, blank=True
    )
    end_note = models.TextField(_("précisions"), blank=True, **SHORT_TEXT)

    objects = MentoringPairQuerySet.as_manager()

    class Meta:
        verbose_name = _("binôme de mentorat")
        verbose_name_plural = _("binômes de mentorat")
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["mentor", "status"], name="pair_mentor_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee"], condition=Q(status="active"), name="one_active_pair_per_mentee"
            ),
            models.CheckConstraint(
                condition=Q(status="active") | ~Q(end_reason=""), name="ended_pair_has_a_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor.user} — {self.mentee.learner}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("partnerships:mentoring_pair", kwargs={"pk": self.pk})

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class Meeting(models.Model):
    pair = models.ForeignKey(
        MentoringPair, verbose_name=_("binôme"), on_delete=models.CASCADE, related_name="meetings"
    )
    held_on = models.DateField(_("date de la rencontre"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("durée (minutes)"), validators=[MinValueValidator(5), MaxValueValidator(480)]
    )
    note = models.TextField(_("note"), blank=True, **text_bound(NOTE_MAX_LENGTH))
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("notée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("notée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("rencontre")
        verbose_name_plural = _("rencontres")
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5) & Q(duration_minutes__lte=480),
                name="meeting_duration_bounds",
            )
        ]

    def __str__(self) -> str:
        return f"{self.pair} — {self.held_on}"
