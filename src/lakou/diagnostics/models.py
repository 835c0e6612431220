"""Solution 1: questionnaires, campaigns, responses, audits and the skill needs they record."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lakou.core.validators import LONG_TEXT_MAX_LENGTH, text_bound

if TYPE_CHECKING:
    from datetime import date

    from lakou.core.actor import Actor


LONG_TEXT = text_bound(LONG_TEXT_MAX_LENGTH)


class Audience(models.TextChoices):
    COMPANIES = "companies", _("Entreprises")
    PUBLIC = "public", _("Grand public")


class Horizon(models.TextChoices):
    UNDER_6_MONTHS = "lt6", _("Moins de 6 mois")
    SIX_TO_12_MONTHS = "6to12", _("De 6 à 12 mois")
    OVER_12_MONTHS = "gt12", _("Plus de 12 mois")


class NeedMode(models.TextChoices):
    TRAIN = "train", _("Former le personnel")
    RECRUIT = "recruit", _("Recruter")


# ---------------------------------------------------------------- questionnaires


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


# ---------------------------------------------------------------- campaigns and responses


def new_short_code() -> str:
    return secrets.token_urlsafe(6)


class CampaignQuerySet(models.QuerySet["Campaign"]):
    def visible_to(self, actor: Actor) -> CampaignQuerySet:
        """Federation staff see every campaign; EPCI staff the ones their EPCI relays."""
        if actor.is_federation:
            return self
        if actor.is_epci and actor.organisation is not None and actor.organisation.epci_id:
            return self.filter(relaying_epcis=actor.organisation.epci_id)
        return self.none()

    def open_on(self, day: date) -> CampaignQuerySet:
        return self.filter(status=Campaign.Status.OPEN, starts_on__lte=day, ends_on__gte=day)


class Campaign(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        OPEN = "open", _("Ouverte")
        CLOSED = "closed", _("Close")

    title = models.CharField(_("titre"), max_length=200)
    version = models.ForeignKey(
        QuestionnaireVersion,
        verbose_name=_("questionnaire"),
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    audience = models.CharField(_("public visé"), max_length=20, choices=Audience.choices)
    epcis = models.ManyToManyField(
        "territory.Epci",
        verbose_name=_("EPCI couverts"),
        blank=True,
        related_name="campaigns",
        help_text=_("Vide, avec aucune commune choisie : toute la Martinique."),
    )
    communes = models.ManyToManyField(
        "territory.Commune",
        verbose_name=_("communes couvertes"),
        blank=True,
        related_name="campaigns",
    )
    relaying_epcis = models.ManyToManyField(
        "territory.Epci",
        verbose_name=_("EPCI qui relaient"),
        blank=True,
        related_name="relayed_campaigns",
    )
    starts_on = models.DateField(_("début"))
    ends_on = models.DateField(_("fin"))
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    short_code = models.CharField(
        _("code court"), max_length=16, unique=True, default=new_short_code
    )
    owner = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisée par"),
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("campagne")
        verbose_name_plural = _("campagnes")
        ordering = ["-starts_on", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("diagnostics:campaign_detail", kwargs={"pk": self.pk})

    def is_open_on(self, day: date) -> bool:
        return self.status == Campaign.Status.OPEN and self.starts_on <= day <= self.ends_on


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


class Invitation(models.Model):
    """A company of the registry invited by e-mail to answer a campaign."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campagne"), on_delete=models.CASCADE, related_name="invitations"
    )
    company = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("entreprise"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    email = models.EmailField(_("e-mail"))
    sent_at = models.DateTimeField(_("envoyée le"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("relancée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "company"], name="one_invitation_per_company"
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign} → {self.company}"


# ---------------------------------------------------------------- audits and skill needs


def audit_report_path(instance: Audit, filename: str) -> str:
    return f"audits/{instance.company_id}/{secrets.token_hex(8)}.pdf"


class Audit(models.Model):
    class Method(models.TextChoices):
        ON_SITE = "on_site", _("Sur place")
        REMOTE = "remote", _("À distance")
        DOCUMENTS = "documents", _("Sur pièces")
        MIXED = "mixed", _("Mixte")

    auditor = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("cabinet d'audit"),
        on_delete=models.PROTECT,
        related_name="audits_done",
    )
    company = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("entreprise auditée"),
        on_delete=models.PROTECT,
        related_name="audits",
    )
    audited_on = models.DateField(_("date de l'audit"), db_index=True)
    method = models.CharField(_("méthode"), max_length=20, choices=Method.choices)
    scores = models.JSONField(_("scores par dimension (0 à 100)"), default=dict)
    report = models.FileField(_("rapport (PDF)"), upload_to=audit_report_path, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saisi par"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("saisi le"), auto_now_add=True)

    class Meta:
        verbose_name = _("audit")
        verbose_name_plural = _("audits")
        ordering = ["-audited_on"]

    def __str__(self) -> str:
        return f"{self.company} ({self.audited_on:%d/%m/%Y})"


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
