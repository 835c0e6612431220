"""Signing keys of the organisations that issue certificates (Ed25519)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SigningKey(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation émettrice"),
        on_delete=models.PROTECT,
        related_name="signing_keys",
    )
    kid = models.CharField(_("identifiant de clé"), max_length=64, unique=True)
    public_jwk = models.JSONField(_("clé publique (JWK)"))
    private_key_pem = models.TextField(_("clé privée (PEM)"))
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    retired_at = models.DateTimeField(_("retirée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("clé de signature")
        verbose_name_plural = _("clés de signature")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.kid})"
