"""Certificates (Open Badges 3.0) issued to learners who completed a certifying programme."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lakou.territory.models import territory_q
from lakou.training.models.catalogue import SHORT_TEXT, Programme
from lakou.training.models.enrolment import Enrolment


class CertificateQuerySet(models.QuerySet["Certificate"]):
    def of_trainings(self) -> CertificateQuerySet:
        """Certificates of a completed training (what indicator 2 counts), not event badges."""
        return self.filter(kind=Certificate.Kind.TRAINING)

    def not_revoked(self) -> CertificateQuerySet:
        return self.filter(revoked_at__isnull=True)

    def issued_between(self, start: date, end: date) -> CertificateQuerySet:
        """Issued on a day of [start, end], both included."""
        return self.filter(issued_on__gte=start, issued_on__lte=end)

    def of_learner(self, user_id: int | None) -> CertificateQuerySet:
        return self.filter(learner_id=user_id)

    def of_provider(self, organisation_id: int | None) -> CertificateQuerySet:
        return self.filter(provider_id=organisation_id)

    def in_territory(self, code: str | None) -> CertificateQuerySet:
        return self.filter(territory_q(code))


class Certificate(models.Model):
    """An Open Badges 3.0 credential issued to a learner who completed a certifying programme.

    `token` is the VC-JWT signed with the provider's key; the other columns repeat what it
    says so that lists, the verification page and the indicators read plain columns.
    `commune` is where the training took place (the session's commune, or the provider's for a
    remote session): the territory of indicator 2.

    A badge (kind `badge`: participation in or prize at a contest or hackathon of the
    partnerships app) is signed and verified the same way but belongs to no enrolment nor
    programme, and indicator 2 never counts it.
    """

    class Kind(models.TextChoices):
        TRAINING = "training", _("Certificat de formation")
        BADGE = "badge", _("Badge")

    class State(models.TextChoices):
        VALID = "valid", _("Valide")
        REVOKED = "revoked", _("Révoqué")
        EXPIRED = "expired", _("Expiré")

    uid = models.UUIDField(_("identifiant public"), unique=True, editable=False)
    kind = models.CharField(_("nature"), max_length=10, choices=Kind.choices, default=Kind.TRAINING)
    enrolment = models.OneToOneField(
        Enrolment,
        verbose_name=_("inscription"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificate",
    )
    learner = models.ForeignKey(
        "accounts.User",
        verbose_name=_("titulaire"),
        on_delete=models.PROTECT,
        related_name="training_certificates",
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("formation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificates",
    )
    provider = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisme émetteur"),
        on_delete=models.PROTECT,
        related_name="issued_certificates",
    )
    commune = models.ForeignKey(
        "territory.Commune",
        verbose_name=_("commune de la formation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="training_certificates",
    )
    learner_name = models.CharField(_("nom du titulaire"), max_length=200)
    achievement = models.CharField(_("intitulé de la certification"), max_length=300)
    issued_on = models.DateField(_("délivré le"))
    valid_until = models.DateField(_("valable jusqu'au"), null=True, blank=True)
    token = models.TextField(_("certificat signé (VC-JWT)"), editable=False)
    kid = models.CharField(_("clé de signature"), max_length=64, editable=False)
    issued_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("délivré par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)
    revocation_reason = models.TextField(_("motif de la révocation"), blank=True, **SHORT_TEXT)
    revoked_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("révoqué par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificat")
        verbose_name_plural = _("certificats")
        ordering = ["-issued_on", "-pk"]
        indexes = [
            models.Index(fields=["issued_on", "revoked_at"], name="certificate_issued_idx"),
            models.Index(fields=["learner", "issued_on"], name="certificate_learner_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="badge")
                | (models.Q(enrolment__isnull=False) & models.Q(programme__isnull=False)),
                name="certificate_of_a_training_has_its_enrolment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.achievement} — {self.learner_name}"

    def get_absolute_url(self) -> str:
        return reverse("training:certificate_verify", kwargs={"uid": self.uid})

    def state_on(self, day: date | None = None) -> str:
        if self.revoked_at is not None:
            return self.State.REVOKED
        day = day or timezone.localdate()
        if self.valid_until is not None and self.valid_until < day:
            return self.State.EXPIRED
        return self.State.VALID

    @property
    def state(self) -> str:
        return self.state_on()
