"""Questionnaires and their versions: dimensions, sections, questions and choices."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lakou.core.validators import LONG_TEXT_MAX_LENGTH, text_bound

LONG_TEXT = text_bound(LONG_TEXT_MAX_LENGTH)


class Audience(models.TextChoices):
    COMPANIES = "companies", _("Entreprises")
    PUBLIC = "public", _("Grand public")


class Questionnaire(models.Model):
    """A questionnaire; its content lives in versions, and an answered version never changes."""

    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    title = models.CharField(_("titre"), max_length=200)
    description = models.TextField(_("présentation"), blank=True, **LONG_TEXT)
    audience = models.CharField(_("public visé"), max_length=20, choices=Audience.choices)
    is_builtin = models.BooleanField(_("fourni avec Lakou"), default=False)
    owner = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation propriétaire"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questionnaires",
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class QuestionnaireVersion(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire,
        verbose_name=_("questionnaire"),
        on_delete=models.CASCADE,
        related_name="versions",
    )
    number = models.PositiveIntegerField(_("numéro de version"))
    is_published = models.BooleanField(_("publiée"), default=False)
    frozen_at = models.DateTimeField(
        _("figée le"),
        null=True,
        blank=True,
        help_text=_("Date de la première réponse : la version ne peut plus changer."),
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("version de questionnaire")
        verbose_name_plural = _("versions de questionnaire")
        ordering = ["questionnaire", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "number"], name="unique_questionnaire_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire} (v{self.number})"

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None


class Dimension(models.Model):
    """A named score (e.g. "data management") that choices add points to; shown on 0–100."""

    version = models.ForeignKey(
        QuestionnaireVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="dimensions",
    )
    code = models.SlugField(_("code"), max_length=60)
    label = models.CharField(_("intitulé"), max_length=200)
    position = models.PositiveIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="unique_dimension_code")
        ]

    def __str__(self) -> str:
        return self.label


class Section(models.Model):
    version = models.ForeignKey(
        QuestionnaireVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="sections",
    )
    position = models.PositiveIntegerField(_("ordre"), default=0)
    title = models.CharField(_("titre"), max_length=200)
    description = models.TextField(_("présentation"), blank=True, **LONG_TEXT)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["version", "position"]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE_CHOICE = "single_choice", _("Choix unique")
        MULTIPLE_CHOICE = "multiple_choice", _("Choix multiple")
        SCALE = "scale", _("Échelle")
        NUMBER = "number", _("Nombre")
        SHORT_TEXT = "short_text", _("Texte court")
        LONG_TEXT = "long_text", _("Texte long")
        COMMUNE = "commune", _("Commune")
        YES_NO = "yes_no", _("Oui / non")
        SKILL_LEVEL = "skill_level", _("Niveau de compétence")

    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveIntegerField(_("ordre"), default=0)
    code = models.SlugField(
        _("nom de la variable"),
        max_length=80,
        help_text=_("Unique dans la version, comme la colonne « name » d'XLSForm."),
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    label = models.CharField(_("question"), max_length=500)
    help_text = models.CharField(_("aide"), max_length=500, blank=True)
    required = models.BooleanField(_("obligatoire"), default=True)
    min_value = models.IntegerField(_("minimum"), null=True, blank=True)
    max_value = models.IntegerField(_("maximum"), null=True, blank=True)
    competence = models.ForeignKey(
        "skills.Competence",
        verbose_name=_("compétence évaluée"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    scale_dimension = models.ForeignKey(
        Dimension,
        verbose_name=_("dimension alimentée par l'échelle"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="scale_questions",
    )
    shown_if_question = models.ForeignKey(
        "self",
        verbose_name=_("affichée seulement si la question"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dependent_questions",
    )
    shown_if_value = models.CharField(_("a la valeur"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["section__position", "position"]

    def __str__(self) -> str:
        return self.label


class Choice(models.Model):
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="choices"
    )
    position = models.PositiveIntegerField(_("ordre"), default=0)
    value = models.SlugField(_("valeur"), max_length=80)
    label = models.CharField(_("libellé"), max_length=300)
    dimension = models.ForeignKey(
        Dimension,
        verbose_name=_("dimension"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="choices",
    )
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("choix")
        verbose_name_plural = _("choix")
        ordering = ["question", "position"]
        constraints = [
            models.UniqueConstraint(fields=["question", "value"], name="unique_choice_value")
        ]

    def __str__(self) -> str:
        return self.label
