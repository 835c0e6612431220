"""Skill needs, recorded by an audit or a company questionnaire."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lakou.diagnostics.models.audits import Audit
from lakou.diagnostics.models.responses import Response


class Horizon(models.TextChoices):
    UNDER_6_MONTHS = "lt6", _("Moins de 6 mois")
    SIX_TO_12_MONTHS = "6to12", _("De 6 à 12 mois")
    OVER_12_MONTHS = "gt12", _("Plus de 12 mois")


class NeedMode(models.TextChoices):
    TRAIN = "train", _("Former le personnel")
    RECRUIT = "recruit", _("Recruter")


class SkillNeed(models.Model):
    """A need recorded by an audit or a company questionnaire: which skill, how many people, by when."""

    company = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("entreprise"),
        on_delete=models.PROTECT,
        related_name="skill_needs",
    )
    audit = models.ForeignKey(
        Audit,
        verbose_name=_("audit"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="needs",
    )
    response = models.ForeignKey(
        Response,
        verbose_name=_("réponse"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="needs",
    )
    competence = models.ForeignKey(
        "skills.Competence",
        verbose_name=_("compétence"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    occupation = models.ForeignKey(
        "skills.Occupation",
        verbose_name=_("métier"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    level = models.CharField(_("niveau visé"), max_length=10, blank=True)
    headcount = models.PositiveIntegerField(_("nombre de personnes"))
    horizon = models.CharField(_("échéance"), max_length=10, choices=Horizon.choices)
    mode = models.CharField(_("réponse envisagée"), max_length=10, choices=NeedMode.choices)
    recorded_on = models.DateField(_("constaté le"), db_index=True)

    class Meta:
        verbose_name = _("besoin en compétences")
        verbose_name_plural = _("besoins en compétences")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(competence__isnull=False) | models.Q(occupation__isnull=False),
                name="need_names_a_skill_or_an_occupation",
            ),
            models.CheckConstraint(
                condition=models.Q(audit__isnull=False) | models.Q(response__isnull=False),
                name="need_comes_from_an_audit_or_a_response",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.company}: {self.competence or self.occupation} × {self.headcount}"
