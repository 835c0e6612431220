"""Audits of a company by an audit firm, with their scores by dimension."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
