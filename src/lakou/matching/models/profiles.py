"""A person's orientation profile: where they live and how far they go, when they are free, their
situation, their competences (self-assessed, from the public questionnaire, or proved by a Lakou
certificate), the occupations they aim at, their constraints, and whether employers and
providers may see them (consent, withdrawn at once)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lakou.skills.models import Competence, Occupation
from lakou.territory.models import Commune
from lakou.training.models import Certificate

MAX_TRAVEL_MINUTES = 180


class Mobility(models.TextChoices):
    CAR = "car", _("En voiture")
    BUS = "bus", _("En bus")
    WALK = "walk", _("À pied")
    NONE = "none", _("Je ne me déplace pas (à distance seulement)")


class Situation(models.TextChoices):
    JOB_SEEKER = "job_seeker", _("En recherche d'emploi")
    EMPLOYEE = "employee", _("Salarié(e)")
    STUDENT = "student", _("Étudiant(e), lycéen(ne)")
    SENIOR = "senior", _("Retraité(e), senior")
    CAREER_CHANGER = "career_changer", _("En reconversion")


class CompetenceSource(models.TextChoices):
    SELF = "self", _("Auto-évaluation")
    QUESTIONNAIRE = "questionnaire", _("Questionnaire public")
    CERTIFICATE = "certificate", _("Certificat Lakou")


class ProfileQuerySet(models.QuerySet["Profile"]):
    def visible(self) -> ProfileQuerySet:
        """Profiles whose owner lets employers and providers see them, now."""
        return self.filter(is_visible=True)


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personne"),
        on_delete=models.CASCADE,
        related_name="orientation_profile",
    )
    commune = models.ForeignKey(
        Commune, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    mobility = models.CharField(
        _("comment je me déplace"), max_length=8, choices=Mobility.choices, default=Mobility.CAR
    )
    max_travel_minutes = models.PositiveSmallIntegerField(
        _("temps de trajet au plus (minutes)"), default=45
    )
    available_from = models.DateField(_("disponible à partir du"), null=True, blank=True)
    available_until = models.DateField(_("disponible jusqu'au"), null=True, blank=True)
    situation = models.CharField(_("situation"), max_length=16, choices=Situation.choices)
    target_occupations = models.ManyToManyField(
        Occupation, verbose_name=_("métiers visés"), related_name="+", blank=True
    )
    # Training's Funding values the person can use (CPF, France Travail, Région…), and the
    # formats they accept (training's Format values: in person, e-learning, hybrid).
    fundings = models.JSONField(_("financements possibles"), default=list, blank=True)
    needs_funding = models.BooleanField(_("j'ai besoin d'un financement"), default=False)
    formats = models.JSONField(_("formats acceptés"), default=list, blank=True)
    is_visible = models.BooleanField(
        _("visible des employeurs et des organismes"),
        default=False,
        help_text=_("Vous pouvez le retirer à tout moment : le profil disparaît aussitôt."),
    )
    visible_since = models.DateTimeField(_("visible depuis"), null=True, blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    objects = ProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("profil d'orientation")
        verbose_name_plural = _("profils d'orientation")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_travel_minutes__lte=MAX_TRAVEL_MINUTES),
                name="profile_travel_bounded",
            ),
            models.CheckConstraint(
                condition=Q(is_visible=False) | Q(visible_since__isnull=False),
                name="profile_visible_has_date",
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)


class ProfileCompetence(models.Model):
    """One competence at a level (its rank in the competence's framework), from one source; a
    certificate's competences are verified and weigh more than declared ones."""

    profile = models.ForeignKey(
        Profile, verbose_name=_("profil"), on_delete=models.CASCADE, related_name="competences"
    )
    competence = models.ForeignKey(
        Competence, verbose_name=_("compétence"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.PositiveSmallIntegerField(_("niveau"))
    source = models.CharField(_("origine"), max_length=14, choices=CompetenceSource.choices)
    certificate = models.ForeignKey(
        Certificate,
        verbose_name=_("certificat"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    class Meta:
        verbose_name = _("compétence du profil")
        verbose_name_plural = _("compétences du profil")
        ordering = ["competence__code", "source"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "competence", "source"], name="profile_competence_once"
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1) & Q(level__lte=8), name="profile_competence_level"
            ),
            models.CheckConstraint(
                condition=~Q(source="certificate") | Q(certificate__isnull=False),
                name="profile_competence_certified_has_certificate",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competence} ({self.level})"

    @property
    def is_verified(self) -> bool:
        return self.source == CompetenceSource.CERTIFICATE
