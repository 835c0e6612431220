"""The six-month follow-up of each certificate, and the situations it records."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lakou.training.models.certificates import Certificate


class Situation(models.TextChoices):
    """The learner's situation six months after certification."""

    PERMANENT = "permanent", _("CDI")
    FIXED_TERM_LONG = "fixed_term_long", _("CDD de 6 mois ou plus")
    FIXED_TERM_SHORT = "fixed_term_short", _("CDD de moins de 6 mois")
    TEMPORARY = "temporary", _("Intérim")
    APPRENTICESHIP = "apprenticeship", _("Alternance (apprentissage, professionnalisation)")
    SELF_EMPLOYED = "self_employed", _("À son compte (indépendant, création d'entreprise)")
    IN_TRAINING = "in_training", _("En formation")
    JOB_SEEKING = "job_seeking", _("En recherche d'emploi")
    INACTIVE = "inactive", _("Inactif ou inactive (ni emploi ni recherche)")


# In employment for indicator 2: salaried (any contract), self-employed or apprenticeship.
EMPLOYED_SITUATIONS = (
    Situation.PERMANENT,
    Situation.FIXED_TERM_LONG,
    Situation.FIXED_TERM_SHORT,
    Situation.TEMPORARY,
    Situation.APPRENTICESHIP,
    Situation.SELF_EMPLOYED,
)


class FollowUpQuerySet(models.QuerySet["FollowUp"]):
    def of_provider(self, organisation_id: int | None) -> FollowUpQuerySet:
        return self.filter(certificate__provider_id=organisation_id)

    def answered(self) -> FollowUpQuerySet:
        return self.filter(state=FollowUp.State.ANSWERED)


class FollowUp(models.Model):
    """The six-month follow-up of one certificate: sent by e-mail when due, answered or not.

    `due_on` is six months after the certificate; the questionnaire is e-mailed on that day
    (`sent_at`), reminders follow after 7 and 14 days, and without an answer the follow-up
    becomes unreachable. The provider may also record an answer taken by phone.
    """

    class State(models.TextChoices):
        DUE = "due", _("À recueillir")
        ANSWERED = "answered", _("Réponse reçue")
        UNREACHABLE = "unreachable", _("Sans réponse")

    class Channel(models.TextChoices):
        EMAIL = "email", _("Questionnaire en ligne")
        PHONE = "phone", _("Par téléphone, saisi par l'organisme")

    certificate = models.OneToOneField(
        Certificate,
        verbose_name=_("certificat"),
        on_delete=models.CASCADE,
        related_name="follow_up",
    )
    due_on = models.DateField(_("à recueillir à partir du"))
    state = models.CharField(_("état"), max_length=12, choices=State.choices, default=State.DUE)
    # SHA-256 (hex) of the token in the last e-mailed answer link; the token itself is only in
    # the e-mail (services/followup.py, follow_up_new_token).
    token_hash = models.CharField(
        _("empreinte du jeton du lien de réponse"), max_length=64, unique=True, editable=False
    )
    sent_at = models.DateTimeField(_("questionnaire envoyé le"), null=True, blank=True)
    first_reminder_at = models.DateTimeField(_("1re relance le"), null=True, blank=True)
    second_reminder_at = models.DateTimeField(_("2e relance le"), null=True, blank=True)
    situation = models.CharField(
        _("situation"), max_length=20, choices=Situation.choices, blank=True
    )
    is_digital_job = models.BooleanField(_("emploi dans le numérique"), null=True, blank=True)
    occupation = models.ForeignKey(
        "skills.Occupation",
        verbose_name=_("métier (ROME)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    employer_commune = models.ForeignKey(
        "territory.Commune",
        verbose_name=_("commune de l'employeur"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("réponse reçue le"), null=True, blank=True)
    channel = models.CharField(_("canal"), max_length=6, choices=Channel.choices, blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("saisie par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    unreachable_at = models.DateTimeField(_("déclaré sans réponse le"), null=True, blank=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("suivi à six mois")
        verbose_name_plural = _("suivis à six mois")
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["state", "due_on"], name="follow_up_state_due"),
        ]

    def __str__(self) -> str:
        return f"{self.certificate} — {self.get_state_display()}"

    @property
    def is_employed(self) -> bool | None:
        if not self.situation:
            return None
        return self.situation in EMPLOYED_SITUATIONS
