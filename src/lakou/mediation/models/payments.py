"""Payment per act and the volunteers' hours: a rate table whose rates are valid from a date, and a
monthly statement per mediator that its funder validates (then it is locked) and marks paid. An
act is on at most one payment statement: a database constraint, not only a check."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lakou.accounts.models import Organisation
from lakou.mediation.models.acts import Act, ActKind
from lakou.mediation.models.mediators import Mediator


class Rate(models.Model):
    """What an act of a kind and a duration band pays, from `valid_from` until the next rate of
    the same kind and band. An act is priced at the rate in force on its (Martinique) date."""

    kind = models.CharField(_("type d'acte"), max_length=12, choices=ActKind.choices)
    min_minutes = models.PositiveSmallIntegerField(_("à partir de (minutes)"))
    max_minutes = models.PositiveSmallIntegerField(
        _("jusqu'à (minutes, exclu)"),
        null=True,
        blank=True,
        help_text=_("Vide : sans limite."),
    )
    amount = models.DecimalField(_("montant (€)"), max_digits=7, decimal_places=2)
    valid_from = models.DateField(_("en vigueur à partir du"))
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("tarif d'un acte")
        verbose_name_plural = _("grille des tarifs")
        ordering = ["kind", "min_minutes", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "min_minutes", "valid_from"], name="rate_once_per_band_and_date"
            ),
            models.CheckConstraint(
                condition=Q(max_minutes__isnull=True) | Q(max_minutes__gt=models.F("min_minutes")),
                name="rate_band_not_empty",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="rate_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.min_minutes}–{self.max_minutes or '…'} min"


class StatementKind(models.TextChoices):
    PAYMENT = "payment", _("Relevé d'actes rémunérés")
    HOURS = "hours", _("Relevé d'heures de bénévolat")


class StatementStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    VALIDATED = "validated", _("Validé")
    PAID = "paid", _("Payé")


class Statement(models.Model):
    mediator = models.ForeignKey(
        Mediator, verbose_name=_("médiateur"), on_delete=models.PROTECT, related_name="statements"
    )
    month = models.DateField(_("mois"), help_text=_("Le premier jour du mois."))
    kind = models.CharField(_("type"), max_length=8, choices=StatementKind.choices)
    status = models.CharField(
        _("statut"),
        max_length=10,
        choices=StatementStatus.choices,
        default=StatementStatus.DRAFT,
    )
    funder = models.ForeignKey(
        Organisation,
        verbose_name=_("financeur"),
        on_delete=models.PROTECT,
        related_name="mediation_statements",
        help_text=_("La fédération ou l'EPCI qui valide et paie."),
    )
    total_amount = models.DecimalField(_("total (€)"), max_digits=9, decimal_places=2, default=0)
    total_minutes = models.PositiveIntegerField(_("durée totale (minutes)"), default=0)
    created_at = models.DateTimeField(_("établi le"), auto_now_add=True)
    validated_at = models.DateTimeField(_("validé le"), null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("validé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    paid_at = models.DateTimeField(_("payé le"), null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marqué payé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("relevé mensuel")
        verbose_name_plural = _("relevés mensuels")
        ordering = ["-month", "mediator__user__last_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mediator", "month", "kind"], name="statement_once_per_month"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(validated_at__isnull=False),
                name="statement_validated_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="paid") | Q(paid_at__isnull=False, kind="payment"),
                name="statement_paid_is_payment_with_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.mediator} — {self.month:%m/%Y}"

    @property
    def is_locked(self) -> bool:
        return self.status != StatementStatus.DRAFT


class StatementLine(models.Model):
    statement = models.ForeignKey(
        Statement, verbose_name=_("relevé"), on_delete=models.CASCADE, related_name="lines"
    )
    # The statement's kind, copied so that the database itself refuses a second payment line.
    kind = models.CharField(_("type"), max_length=8, choices=StatementKind.choices)
    act = models.ForeignKey(
        Act, verbose_name=_("acte"), on_delete=models.PROTECT, related_name="statement_lines"
    )
    rate = models.ForeignKey(
        Rate,
        verbose_name=_("tarif"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    amount = models.DecimalField(_("montant (€)"), max_digits=7, decimal_places=2, default=0)
    minutes = models.PositiveSmallIntegerField(_("durée (minutes)"))

    class Meta:
        verbose_name = _("ligne de relevé")
        verbose_name_plural = _("lignes de relevé")
        ordering = ["act__starts_at", "pk"]
        constraints = [
            # An act is paid at most once, and counted once in the volunteers' hours.
            models.UniqueConstraint(fields=["act", "kind"], name="statement_line_act_once"),
        ]

    def __str__(self) -> str:
        return f"{self.statement} — {self.act}"
