"""Responses to a campaign's questionnaire and their answers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lakou.diagnostics.models.campaigns import Campaign
from lakou.diagnostics.models.questionnaires import Question, QuestionnaireVersion


class Response(models.Model):
    """One filling of a campaign's questionnaire: a company's (shared by its members) or a person's."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("En cours")
        SUBMITTED = "submitted", _("Envoyée")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campagne"), on_delete=models.PROTECT, related_name="responses"
    )
    version = models.ForeignKey(
        QuestionnaireVersion,
        verbose_name=_("version"),
        on_delete=models.PROTECT,
        related_name="responses",
    )
    company = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("entreprise"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="diagnostic_responses",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personne"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="diagnostic_responses",
    )
    commune = models.ForeignKey(
        "territory.Commune",
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    resume_token_hash = models.CharField(max_length=64, unique=True)
    # The one address the resume link of an anonymous draft may be e-mailed to (the first one
    # given), so that the form cannot relay e-mails to strangers; emptied on submission.
    resume_email = models.EmailField(_("adresse du lien de reprise"), blank=True)
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    started_at = models.DateTimeField(_("commencée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    submitted_at = models.DateTimeField(_("envoyée le"), null=True, blank=True, db_index=True)
    scores = models.JSONField(_("scores"), default=dict, blank=True)

    class Meta:
        verbose_name = _("réponse")
        verbose_name_plural = _("réponses")
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "company"],
                condition=models.Q(company__isnull=False),
                name="one_response_per_company",
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign} — {self.company or self.user or _('anonyme')}"


class Answer(models.Model):
    response = models.ForeignKey(
        Response, verbose_name=_("réponse"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.PROTECT, related_name="answers"
    )
    value = models.JSONField(_("valeur"))

    class Meta:
        verbose_name = _("réponse à une question")
        verbose_name_plural = _("réponses aux questions")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_question")
        ]

    def __str__(self) -> str:
        return f"{self.question.code} = {self.value}"
