"""Agreements between three parties — the learner, the host company and the school or provider —
born from an accepted application.

States, after immersion-facile's: draft → ready to sign → partly signed → signed → active (from its
start date) → ended | broken off; "back to draft" voids the signatures. Indicator 3
(`placements-hosted`) counts the agreements that started in the period.

The legal content: for an internship, art. D124-4 of the Code de l'éducation (activities,
competences, dates, hours, tutor, referring teacher, stipend, benefits, leave); for an
apprenticeship or a professionalisation contract, the main fields of CERFA FA 13 (n° 10103).
Each party signs through an e-mailed link (`AgreementLink`, only the token's SHA-256 is kept); a
signature (`AgreementSignature`) keeps the SHA-256 of the agreement's canonical text.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lakou.core.validators import (
    SHORT_TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    text_bound,
    validate_naf,
    validate_phone,
    validate_siret,
)
from lakou.partnerships.models.actions import LONG_TEXT
from lakou.partnerships.models.placements import (
    PLACEMENT_KIND_CHOICES,
    Application,
    PlacementKind,
)

if TYPE_CHECKING:
    from lakou.core.actor import Actor

SHORT_TEXT = text_bound(SHORT_TEXT_MAX_LENGTH)

# The states in which an agreement ties the learner to the host company (the juror conflict rule
# of events reads them: an intern of the juror's organisation).
BINDING_STATES = ("signed", "active", "ended", "broken_off")
# The contracts whose content follows CERFA FA 13 (the professionalisation contract borrows it).
CONTRACT_KINDS = (PlacementKind.APPRENTICESHIP.value, PlacementKind.PROFESSIONALISATION.value)

UAI_PATTERN = r"[0-9]{7}[A-Za-z]"
RNCP_PATTERN = r"RNCP[0-9]{1,6}"


def validate_uai(value: str) -> None:
    if not re.fullmatch(UAI_PATTERN, value):
        raise ValidationError(
            _("Le numéro UAI compte 7 chiffres suivis d'une lettre, par exemple 9720825X."),
            code="invalid_uai",
        )


def validate_rncp(value: str) -> None:
    if not re.fullmatch(RNCP_PATTERN, value):
        raise ValidationError(
            _("Le code RNCP s'écrit RNCP suivi de chiffres, par exemple RNCP37682."),
            code="invalid_rncp",
        )


class Party(models.TextChoices):
    LEARNER = "learner", _("Stagiaire ou apprenti")
    COMPANY = "company", _("Entreprise d'accueil")
    SCHOOL = "school", _("École ou organisme de formation")


class AgreementQuerySet(models.QuerySet["Agreement"]):
    def binding(self) -> AgreementQuerySet:
        return self.filter(status__in=BINDING_STATES)

    def visible_to(self, actor: Actor) -> AgreementQuerySet:
        """The federation sees every agreement; a company those it hosts, a school or provider
        those of its learners, a learner their own."""
        if actor.is_federation:
            return self
        if actor.is_company:
            return self.filter(company_id=actor.organisation_id)
        if actor.is_provider:
            return self.filter(school_id=actor.organisation_id)
        if actor.is_person and actor.user is not None:
            return self.filter(learner_id=actor.user.pk)
        return self.none()


class Agreement(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        READY_TO_SIGN = "ready_to_sign", _("Prête à signer")
        PARTLY_SIGNED = "partly_signed", _("Signée en partie")
        SIGNED = "signed", _("Signée")
        ACTIVE = "active", _("En cours")
        ENDED = "ended", _("Terminée")
        BROKEN_OFF = "broken_off", _("Rompue")

    application = models.OneToOneField(
        Application,
        verbose_name=_("candidature"),
        on_delete=models.PROTECT,
        related_name="agreement",
    )
    kind = models.CharField(_("type"), max_length=20, choices=PLACEMENT_KIND_CHOICES)
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("stagiaire ou apprenti"),
        on_delete=models.PROTECT,
        related_name="placement_agreements",
    )
    company = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("entreprise d'accueil"),
        on_delete=models.PROTECT,
        related_name="hosted_agreements",
    )
    school = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("école ou organisme de formation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="school_agreements",
    )
    starts_on = models.DateField(_("date de début"))
    ends_on = models.DateField(_("date de fin"))
    status = models.CharField(
        _("statut"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )

    # ---- common to every kind (art. D124-4 for an internship)
    title = models.CharField(_("intitulé"), max_length=TITLE_MAX_LENGTH, blank=True)
    activities = models.TextField(_("activités confiées"), blank=True, **LONG_TEXT)
    competences = models.TextField(_("compétences à acquérir"), blank=True, **LONG_TEXT)
    total_hours = models.DecimalField(
        _("durée totale (heures de présence effective)"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
    )
    weekly_hours = models.DecimalField(
        _("heures de présence par semaine"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    schedule = models.CharField(
        _("horaires de présence"),
        max_length=TITLE_MAX_LENGTH,
        blank=True,
        help_text=_("Par exemple : du lundi au vendredi, 8 h – 12 h et 13 h – 16 h."),
    )
    tutor_name = models.CharField(_("nom du tuteur"), max_length=TITLE_MAX_LENGTH, blank=True)
    tutor_position = models.CharField(
        _("fonction du tuteur"), max_length=TITLE_MAX_LENGTH, blank=True
    )
    tutor_email = models.EmailField(
        _("e-mail du tuteur"),
        blank=True,
        help_text=_("Le lien de signature de l'entreprise et les évaluations y sont envoyés."),
    )
    tutor_phone = models.CharField(
        _("téléphone du tuteur"), max_length=20, blank=True, validators=[validate_phone]
    )
    teacher_name = models.CharField(
        _("nom de l'enseignant référent"), max_length=TITLE_MAX_LENGTH, blank=True
    )
    teacher_email = models.EmailField(
        _("e-mail de l'enseignant référent"),
        blank=True,
        help_text=_("Le lien de signature de l'école ou de l'organisme y est envoyé."),
    )
    # ---- internship
    stipend_monthly = models.DecimalField(
        _("gratification mensuelle (€)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    stipend_terms = models.CharField(
        _("modalités de versement de la gratification"), max_length=TITLE_MAX_LENGTH, blank=True
    )
    benefits = models.TextField(_("avantages (repas, transport…)"), blank=True, **SHORT_TEXT)
    leave_terms = models.TextField(_("congés et autorisations d'absence"), blank=True, **SHORT_TEXT)
    # ---- apprenticeship and professionalisation (CERFA FA 13)
    employer_siret = models.CharField(
        _("SIRET de l'employeur"), max_length=14, blank=True, validators=[validate_siret]
    )
    employer_naf = models.CharField(
        _("code NAF de l'employeur"), max_length=6, blank=True, validators=[validate_naf]
    )
    employer_headcount = models.PositiveIntegerField(
        _("effectif salarié de l'entreprise"), null=True, blank=True
    )
    apprentice_last_name = models.CharField(
        _("nom de naissance de l'apprenti"), max_length=TITLE_MAX_LENGTH, blank=True
    )
    apprentice_first_names = models.CharField(
        _("prénoms de l'apprenti"), max_length=TITLE_MAX_LENGTH, blank=True
    )
    apprentice_birth_date = models.DateField(
        _("date de naissance de l'apprenti"), null=True, blank=True
    )
    master_name = models.CharField(
        _("maître d'apprentissage : nom et prénom"), max_length=TITLE_MAX_LENGTH, blank=True
    )
    master_birth_date = models.DateField(
        _("maître d'apprentissage : date de naissance"), null=True, blank=True
    )
    master_position = models.CharField(
        _("maître d'apprentissage : emploi occupé"), max_length=TITLE_MAX_LENGTH, blank=True
    )
    master_diploma = models.CharField(
        _("maître d'apprentissage : diplôme le plus élevé"),
        max_length=TITLE_MAX_LENGTH,
        blank=True,
    )
    master2_name = models.CharField(
        _("second maître d'apprentissage : nom et prénom"),
        max_length=TITLE_MAX_LENGTH,
        blank=True,
    )
    master2_birth_date = models.DateField(
        _("second maître d'apprentissage : date de naissance"), null=True, blank=True
    )
    master2_position = models.CharField(
        _("second maître d'apprentissage : emploi occupé"),
        max_length=TITLE_MAX_LENGTH,
        blank=True,
    )
    master2_diploma = models.CharField(
        _("second maître d'apprentissage : diplôme le plus élevé"),
        max_length=TITLE_MAX_LENGTH,
        blank=True,
    )
    diploma_title = models.CharField(
        _("diplôme ou titre préparé"), max_length=TITLE_MAX_LENGTH, blank=True
    )
    diploma_rncp = models.CharField(
        _("code RNCP du diplôme"), max_length=10, blank=True, validators=[validate_rncp]
    )
    cfa_name = models.CharField(
        _("centre de formation (CFA)"), max_length=TITLE_MAX_LENGTH, blank=True
    )
    cfa_siret = models.CharField(
        _("SIRET du CFA"), max_length=14, blank=True, validators=[validate_siret]
    )
    cfa_uai = models.CharField(
        _("numéro UAI du CFA"), max_length=8, blank=True, validators=[validate_uai]
    )
    # One entry per year of contract: {"year": 1, "smic_percent": "53", "yearly_amount": ""}.
    salary_by_year = models.JSONField(
        _("salaire brut par année de contrat"), default=list, blank=True
    )

    # ---- life of the agreement
    ready_at = models.DateTimeField(_("envoyée à la signature le"), null=True, blank=True)
    signed_at = models.DateTimeField(_("signée par tous le"), null=True, blank=True)
    activated_at = models.DateTimeField(_("commencée le"), null=True, blank=True)
    ended_at = models.DateTimeField(_("terminée le"), null=True, blank=True)
    broken_off_on = models.DateField(_("date de la rupture"), null=True, blank=True)
    break_reason = models.TextField(_("motif de la rupture"), blank=True, **SHORT_TEXT)
    draft_reason = models.TextField(_("dernière demande de modification"), blank=True, **SHORT_TEXT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("établie par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("convention")
        verbose_name_plural = _("conventions")
        ordering = ["-starts_on", "pk"]
        indexes = [models.Index(fields=["status", "starts_on"], name="agreement_status_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="agreement_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.learner} chez {self.company}"

    @property
    def is_contract(self) -> bool:
        return self.kind in CONTRACT_KINDS

    @property
    def learner_display_name(self) -> str:
        if self.is_contract and self.apprentice_last_name:
            return f"{self.apprentice_first_names} {self.apprentice_last_name}".strip()
        return self.learner.get_full_name() or self.learner.email


class AgreementSignature(models.Model):
    """One party's signature; voided (never deleted) when the agreement goes back to draft."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("convention"), on_delete=models.CASCADE, related_name="signatures"
    )
    party = models.CharField(_("partie"), max_length=10, choices=Party.choices)
    signer_name = models.CharField(_("nom du signataire"), max_length=TITLE_MAX_LENGTH)
    signer_role = models.CharField(_("qualité du signataire"), max_length=TITLE_MAX_LENGTH)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte du signataire"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("signée le"))
    ip_address = models.GenericIPAddressField(_("adresse IP"), null=True, blank=True)
    user_agent = models.CharField(_("navigateur"), max_length=300, blank=True)
    text_hash = models.CharField(_("empreinte SHA-256 du texte signé"), max_length=64)
    voided_at = models.DateTimeField(_("annulée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("signature de convention")
        verbose_name_plural = _("signatures de convention")
        ordering = ["signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "party"],
                condition=Q(voided_at__isnull=True),
                name="one_live_signature_per_party",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_party_display()} : {self.signer_name}"


class AgreementLink(models.Model):
    """An e-mailed link: to sign for one party, or for the tutor to evaluate. Only the SHA-256
    of its token is stored; a link works once, until it expires or a newer one replaces it."""

    class Purpose(models.TextChoices):
        SIGN = "sign", _("Signature")
        MID_EVALUATION = "mid_evaluation", _("Évaluation à mi-parcours")
        FINAL_EVALUATION = "final_evaluation", _("Évaluation finale")

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("convention"), on_delete=models.CASCADE, related_name="links"
    )
    purpose = models.CharField(_("objet"), max_length=20, choices=Purpose.choices)
    party = models.CharField(_("partie"), max_length=10, choices=Party.choices)
    email = models.EmailField(_("envoyé à"))
    token_hash = models.CharField(_("empreinte du jeton"), max_length=64, unique=True)
    expires_at = models.DateTimeField(_("expire le"))
    used_at = models.DateTimeField(_("utilisé le"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("remplacé ou annulé le"), null=True, blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("lien de convention")
        verbose_name_plural = _("liens de convention")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} — {self.get_party_display()}"


class Attendance(models.TextChoices):
    COMPLETED = "completed", _("Effectué en entier")
    PARTLY = "partly", _("Effectué en partie")
    NO_SHOW = "no_show", _("Ne s'est pas présenté")


class JobOffer(models.TextChoices):
    CDI = "cdi", _("Oui, un CDI")
    CDD = "cdd", _("Oui, un CDD")
    APPRENTICESHIP = "apprenticeship", _("Oui, un contrat d'apprentissage")
    NONE = "none", _("Non")


class AgreementEvaluation(models.Model):
    """The tutor's evaluation, at mid-term and at the end, through an e-mailed link."""

    class Kind(models.TextChoices):
        MID = "mid", _("À mi-parcours")
        FINAL = "final", _("Finale")

    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("convention"),
        on_delete=models.CASCADE,
        related_name="evaluations",
    )
    kind = models.CharField(_("moment"), max_length=5, choices=Kind.choices)
    evaluator_name = models.CharField(_("nom de l'évaluateur"), max_length=TITLE_MAX_LENGTH)
    assessment = models.TextField(_("appréciation"), **SHORT_TEXT)
    competences_assessment = models.TextField(
        _("compétences acquises ou en cours d'acquisition"), blank=True, **SHORT_TEXT
    )
    attendance = models.CharField(
        _("réalisation"), max_length=10, choices=Attendance.choices, blank=True
    )
    job_offer = models.CharField(
        _("proposition d'embauche"), max_length=16, choices=JobOffer.choices, blank=True
    )
    recorded_at = models.DateTimeField(_("enregistrée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("évaluation du tuteur")
        verbose_name_plural = _("évaluations du tuteur")
        ordering = ["recorded_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "kind"], name="one_evaluation_per_kind"),
            models.CheckConstraint(
                condition=Q(kind="mid") | (~Q(attendance="") & ~Q(job_offer="")),
                name="final_evaluation_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.agreement_id}"
