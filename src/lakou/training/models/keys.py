"""Signing keys of the organisations that issue certificates (Ed25519)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SigningKeyQuerySet(models.QuerySet["SigningKey"]):
    def for_organisation(self, organisation_id: int) -> SigningKeyQuerySet:
        return self.filter(organisation_id=organisation_id)

    def active(self) -> SigningKeyQuerySet:
        return self.filter(retired_at__isnull=True)


class SigningKey(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation émettrice"),
        on_delete=models.PROTECT,
        related_name="signing_keys",
    )
    kid = models.CharField(_("identifiant de clé"), max_length=64, unique=True)
    public_jwk = models.JSONField(_("clé publique (JWK)"))
    # Encrypted with a key derived from SECRET_KEY (see services/keys.py), never in clear.
    private_key_pem = models.TextField(_("clé privée (PEM chiffré)"))
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    retired_at = models.DateTimeField(_("retirée le"), null=True, blank=True)

    objects = SigningKeyQuerySet.as_manager()

    class Meta:
        verbose_name = _("clé de signature")
        verbose_name_plural = _("clés de signature")
        ordering = ["-created_at"]
        constraints = [
            # One key signs at a time; two first uses at once cannot both create one.
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(retired_at__isnull=True),
                name="one_active_signing_key_per_organisation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.kid})"
